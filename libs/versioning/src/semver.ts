import { Comparison, compareBytes, compareDigitRuns } from './chars';
import { VersionSyntaxError } from './errors';

export interface SemVer {
  major: string;
  minor: string;
  patch: string;
  prerelease: string[];
}

// semver.org's regular expression, plus an optional leading "v" (Go module versions).
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemver(version: string): SemVer {
  const match = SEMVER.exec(version);
  if (!match) throw new VersionSyntaxError('semver', version, 'not a SemVer 2.0.0 version (MAJOR.MINOR.PATCH[-pre][+build])');
  return { major: match[1], minor: match[2], patch: match[3], prerelease: match[4] ? match[4].split('.') : [] };
}

function compareIdentifier(a: string, b: string): Comparison {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return compareDigitRuns(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareBytes(a, b);
}

function comparePrerelease(a: string[], b: string[]): Comparison {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const result = compareIdentifier(a[index], b[index]);
    if (result !== 0) return result;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** SemVer 2.0.0 precedence: numeric core, then pre-release (lower than none); build metadata ignored. */
export function compareSemver(a: string, b: string): Comparison {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return (
    compareDigitRuns(x.major, y.major) ||
    compareDigitRuns(x.minor, y.minor) ||
    compareDigitRuns(x.patch, y.patch) ||
    comparePrerelease(x.prerelease, y.prerelease)
  );
}
