export type { Comparison } from './chars';
export { VersionSyntaxError, UnknownEcosystemError, VersionRangeSyntaxError } from './errors';
export type { DebianVersion } from './dpkg';
export { parseDebianVersion, compareDebian } from './dpkg';
export type { RpmEvr } from './rpm';
export { parseRpmEvr, rpmvercmp, compareRpm } from './rpm';
export { compareApk, validateApkVersion } from './apk';
export type { SemVer } from './semver';
export { parseSemver, compareSemver } from './semver';
export { compareWindowsBuild } from './windows';
export type { VersionScheme, EcosystemOsFamily } from './ecosystem';
export {
  VERSION_SCHEMES,
  SUPPORTED_ECOSYSTEMS,
  versionSchemeOfEcosystem,
  osFamilyOfEcosystem,
  compareVersions,
  versionProblem,
  isValidVersion,
} from './ecosystem';
export type { RangeOperator, VersionComparator, VersionRange } from './range';
export { RANGE_OPERATORS, parseVersionRange, satisfies, isAffected } from './range';
