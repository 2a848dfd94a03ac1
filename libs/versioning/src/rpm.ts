import { Comparison, compareBytes, compareDigitRuns, hasOnlyVisibleAscii, isAlphaCode, isDigitCode } from './chars';
import { VersionSyntaxError } from './errors';

/** An RPM `[epoch:]version[-release]`; absent parts are undefined, as in rpm's parseEVR(). */
export interface RpmEvr {
  epoch: string | undefined;
  version: string;
  release: string | undefined;
}

function isAlnum(char: string): boolean {
  const code = char.charCodeAt(0);
  return isDigitCode(code) || isAlphaCode(code);
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && isDigitCode(char.charCodeAt(0));
}

function isAlpha(char: string | undefined): boolean {
  return char !== undefined && isAlphaCode(char.charCodeAt(0));
}

function skipSeparators(text: string, from: number): number {
  let index = from;
  while (index < text.length && !isAlnum(text[index]) && text[index] !== '~' && text[index] !== '^') index++;
  return index;
}

function segmentEnd(text: string, from: number, numeric: boolean): number {
  let index = from;
  while (index < text.length && (numeric ? isDigit(text[index]) : isAlpha(text[index]))) index++;
  return index;
}

/** Handles "~" (sorts before everything) and "^" (after the base, before more version); null if neither. */
function compareTildeCaret(a: string, i: number, b: string, j: number): Comparison | 'skip' | null {
  const x = a[i];
  const y = b[j];
  if (x === '~' || y === '~') {
    if (x !== '~') return 1;
    return y !== '~' ? -1 : 'skip';
  }
  if (x === '^' || y === '^') {
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== '^') return 1;
    return y !== '^' ? -1 : 'skip';
  }
  return null;
}

/** rpm's rpmvercmp(): compares one version or release string, segment by segment. */
export function rpmvercmp(a: string, b: string): Comparison {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    i = skipSeparators(a, i);
    j = skipSeparators(b, j);
    const special = compareTildeCaret(a, i, b, j);
    if (special === 'skip') {
      i++;
      j++;
      continue;
    }
    if (special !== null) return special;
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const endA = segmentEnd(a, i, numeric);
    const endB = segmentEnd(b, j, numeric);
    if (endB === j) return numeric ? 1 : -1;
    const result = numeric ? compareDigitRuns(a.slice(i, endA), b.slice(j, endB)) : compareBytes(a.slice(i, endA), b.slice(j, endB));
    if (result !== 0) return result;
    i = endA;
    j = endB;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

/** Splits `[epoch:]version[-release]` like rpm's parseEVR(): epoch = leading digits before ":", release after the last "-". */
export function parseRpmEvr(evr: string): RpmEvr {
  if (evr === '' || !hasOnlyVisibleAscii(evr)) {
    throw new VersionSyntaxError('rpm', evr, 'must be non-empty printable ASCII without spaces');
  }
  const epochMatch = /^([0-9]*):/.exec(evr);
  const epoch = epochMatch ? epochMatch[1] || '0' : undefined;
  const rest = epochMatch ? evr.slice(epochMatch[0].length) : evr;
  const hyphen = rest.lastIndexOf('-');
  return {
    epoch,
    version: hyphen === -1 ? rest : rest.slice(0, hyphen),
    release: hyphen === -1 ? undefined : rest.slice(hyphen + 1),
  };
}

/**
 * Compares two RPM EVRs like rpm's rpmverCmp(): a missing epoch is 0, and the release is
 * compared only when both sides have one (so "1.0" equals "1.0-3.el9", as in a `Requires:`).
 */
export function compareRpm(a: string, b: string): Comparison {
  const x = parseRpmEvr(a);
  const y = parseRpmEvr(b);
  const epoch = rpmvercmp(x.epoch ?? '0', y.epoch ?? '0');
  if (epoch !== 0) return epoch;
  const version = rpmvercmp(x.version, y.version);
  if (version !== 0 || x.release === undefined || y.release === undefined) return version;
  return rpmvercmp(x.release, y.release);
}
