import { compareApk, validateApkVersion } from './apk';
import { Comparison } from './chars';
import { compareDebian, parseDebianVersion } from './dpkg';
import { UnknownEcosystemError, VersionSyntaxError } from './errors';
import { compareRpm, parseRpmEvr } from './rpm';
import { compareSemver, parseSemver } from './semver';
import { compareWindowsBuild } from './windows';

export const VERSION_SCHEMES = ['dpkg', 'rpm', 'apk', 'semver', 'windows'] as const;
export type VersionScheme = (typeof VERSION_SCHEMES)[number];

/** The same values as `OsFamily` in @patchproof/contracts (a util lib cannot import contracts). */
export type EcosystemOsFamily = 'debian' | 'rhel' | 'alpine' | 'windows' | 'unknown';

interface EcosystemInfo {
  /** The OSV spelling, for messages. */
  name: string;
  scheme: VersionScheme;
  family: EcosystemOsFamily;
}

function entry(name: string, scheme: VersionScheme, family: EcosystemOsFamily): [string, EcosystemInfo] {
  return [name.toLowerCase(), { name, scheme, family }];
}

/** Keyed by the lower-cased part of an OSV ecosystem before the first ":" ("Debian:12" → "debian"). */
const ECOSYSTEMS: ReadonlyMap<string, EcosystemInfo> = new Map([
  entry('Debian', 'dpkg', 'debian'),
  entry('Ubuntu', 'dpkg', 'debian'),
  entry('AlmaLinux', 'rpm', 'rhel'),
  entry('Rocky Linux', 'rpm', 'rhel'),
  entry('Red Hat', 'rpm', 'rhel'),
  entry('CentOS', 'rpm', 'rhel'),
  entry('Oracle Linux', 'rpm', 'rhel'),
  entry('openSUSE', 'rpm', 'unknown'),
  entry('SUSE', 'rpm', 'unknown'),
  entry('Mageia', 'rpm', 'unknown'),
  entry('openEuler', 'rpm', 'unknown'),
  entry('Photon OS', 'rpm', 'unknown'),
  entry('Azure Linux', 'rpm', 'unknown'),
  entry('Alpine', 'apk', 'alpine'),
  entry('Wolfi', 'apk', 'unknown'),
  entry('Chainguard', 'apk', 'unknown'),
  entry('MinimOS', 'apk', 'unknown'),
  entry('npm', 'semver', 'unknown'),
  entry('crates.io', 'semver', 'unknown'),
  entry('Go', 'semver', 'unknown'),
  entry('Hex', 'semver', 'unknown'),
  entry('Pub', 'semver', 'unknown'),
  entry('Windows', 'windows', 'windows'),
]);

export const SUPPORTED_ECOSYSTEMS: readonly string[] = [...ECOSYSTEMS.values()].map((info) => info.name);

function lookup(ecosystem: string): EcosystemInfo | undefined {
  const base = ecosystem.split(':')[0].trim().toLowerCase();
  return ECOSYSTEMS.get(base);
}

/** The version scheme of an OSV ecosystem ("Debian:12" → dpkg); throws UnknownEcosystemError. */
export function versionSchemeOfEcosystem(ecosystem: string): VersionScheme {
  const info = lookup(ecosystem);
  if (!info) throw new UnknownEcosystemError(ecosystem, SUPPORTED_ECOSYSTEMS);
  return info.scheme;
}

/** The OS family an ecosystem's packages run on; 'unknown' for language ecosystems and unknown names. */
export function osFamilyOfEcosystem(ecosystem: string): EcosystemOsFamily {
  return lookup(ecosystem)?.family ?? 'unknown';
}

const COMPARE: Readonly<Record<VersionScheme, (a: string, b: string) => Comparison>> = {
  dpkg: compareDebian,
  rpm: compareRpm,
  apk: compareApk,
  semver: compareSemver,
  windows: compareWindowsBuild,
};

const VALIDATE: Readonly<Record<VersionScheme, (version: string) => unknown>> = {
  dpkg: parseDebianVersion,
  rpm: parseRpmEvr,
  apk: validateApkVersion,
  semver: parseSemver,
  windows: (version) => compareWindowsBuild(version, version),
};

/**
 * Compares two versions of a package in an OSV ecosystem ("Debian:12", "Ubuntu:22.04:LTS",
 * "AlmaLinux:9", "Rocky Linux:8", "Red Hat:rhel_aus:8.6::appstream", "Alpine:v3.18", "npm", ...).
 * Throws UnknownEcosystemError for an unknown ecosystem and VersionSyntaxError for a bad version.
 */
export function compareVersions(ecosystem: string, a: string, b: string): Comparison {
  return COMPARE[versionSchemeOfEcosystem(ecosystem)](a, b);
}

/** Why `version` is not a valid version in `ecosystem`, or undefined when it is. Throws for an unknown ecosystem. */
export function versionProblem(ecosystem: string, version: string): string | undefined {
  const scheme = versionSchemeOfEcosystem(ecosystem);
  try {
    VALIDATE[scheme](version);
    return undefined;
  } catch (error) {
    if (error instanceof VersionSyntaxError) return error.message;
    throw error;
  }
}

export function isValidVersion(ecosystem: string, version: string): boolean {
  return versionProblem(ecosystem, version) === undefined;
}
