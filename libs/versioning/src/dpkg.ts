import { codeAt, Comparison, hasOnlyVisibleAscii, isAlphaCode, isDigitCode, sign } from './chars';
import { VersionSyntaxError } from './errors';

/** A Debian version split the way dpkg splits it: `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  epoch: number;
  upstream: string;
  /** "" when the version has no `-revision` (dpkg treats "" and "0" alike). */
  revision: string;
}

const INT_MAX = 2147483647;
const TILDE = 0x7e;
const ZERO = 0x30;

function invalid(version: string, reason: string): VersionSyntaxError {
  return new VersionSyntaxError('dpkg', version, reason);
}

function parseEpoch(text: string, version: string): number {
  if (text === '') throw invalid(version, 'epoch in version is empty');
  if (!/^\+?[0-9]+$/.test(text)) throw invalid(version, 'epoch in version is not number');
  const epoch = Number(text);
  if (epoch > INT_MAX) throw invalid(version, 'epoch in version is too big');
  return epoch;
}

/**
 * Splits a version like dpkg's parseversion(): epoch before the first ":", revision after the
 * last "-". Throws where dpkg reports an error; accepts what dpkg only warns about (a version not
 * starting with a digit, unusual characters), as `dpkg --compare-versions` does.
 */
export function parseDebianVersion(version: string): DebianVersion {
  const text = version.replace(/^[ \t]+|[ \t]+$/g, '');
  if (text === '') throw invalid(version, 'version string is empty');
  if (!hasOnlyVisibleAscii(text)) throw invalid(version, 'version string has embedded spaces or non-ASCII characters');
  const colon = text.indexOf(':');
  const epoch = colon === -1 ? 0 : parseEpoch(text.slice(0, colon), version);
  const rest = colon === -1 ? text : text.slice(colon + 1);
  if (rest === '') throw invalid(version, 'nothing after colon in version number');
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : rest.slice(hyphen + 1);
  if (hyphen !== -1 && revision === '') throw invalid(version, 'revision number is empty');
  if (upstream === '') throw invalid(version, 'version number is empty');
  return { epoch, upstream, revision };
}

/** dpkg's order(): "~" before everything (even the end), letters before other characters. */
function order(code: number): number {
  if (isDigitCode(code)) return 0;
  if (isAlphaCode(code)) return code;
  if (code === TILDE) return -1;
  return code === 0 ? 0 : code + 256;
}

function compareNonDigits(a: string, b: string, at: { i: number; j: number }): number {
  while ((at.i < a.length && !isDigitCode(codeAt(a, at.i))) || (at.j < b.length && !isDigitCode(codeAt(b, at.j)))) {
    const difference = order(codeAt(a, at.i)) - order(codeAt(b, at.j));
    if (difference !== 0) return difference;
    at.i++;
    at.j++;
  }
  return 0;
}

function compareDigits(a: string, b: string, at: { i: number; j: number }): number {
  while (codeAt(a, at.i) === ZERO) at.i++;
  while (codeAt(b, at.j) === ZERO) at.j++;
  let firstDifference = 0;
  while (isDigitCode(codeAt(a, at.i)) && isDigitCode(codeAt(b, at.j))) {
    if (firstDifference === 0) firstDifference = codeAt(a, at.i) - codeAt(b, at.j);
    at.i++;
    at.j++;
  }
  if (isDigitCode(codeAt(a, at.i))) return 1;
  if (isDigitCode(codeAt(b, at.j))) return -1;
  return firstDifference;
}

/** dpkg's verrevcmp(): alternating non-digit parts (by order()) and digit runs (numerically). */
export function dpkgVerrevcmp(a: string, b: string): Comparison {
  const at = { i: 0, j: 0 };
  while (at.i < a.length || at.j < b.length) {
    const nonDigits = compareNonDigits(a, b, at);
    if (nonDigits !== 0) return sign(nonDigits);
    const digits = compareDigits(a, b, at);
    if (digits !== 0) return sign(digits);
  }
  return 0;
}

/** Compares two Debian/Ubuntu package versions exactly like `dpkg --compare-versions`. */
export function compareDebian(a: string, b: string): Comparison {
  const x = parseDebianVersion(a);
  const y = parseDebianVersion(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return dpkgVerrevcmp(x.upstream, y.upstream) || dpkgVerrevcmp(x.revision, y.revision);
}
