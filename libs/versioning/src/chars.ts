/** -1, 0 or 1, like a sorting comparator's sign. */
export type Comparison = -1 | 0 | 1;

export function sign(value: number): Comparison {
  if (value < 0) return -1;
  return value > 0 ? 1 : 0;
}

/** The UTF-16 code at `index`, or 0 past the end (C's terminating NUL). */
export function codeAt(text: string, index: number): number {
  return index < text.length ? text.charCodeAt(index) : 0;
}

export function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** ASCII letters only, like C's isalpha() in the "C" locale. */
export function isAlphaCode(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Compares two runs of ASCII digits by numeric value, without overflow. */
export function compareDigitRuns(a: string, b: string): Comparison {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareBytes(x, y);
}

/** Byte-wise comparison of ASCII strings (C's strcmp / memcmp order). */
export function compareBytes(a: string, b: string): Comparison {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Only printable ASCII without spaces: what every supported package manager accepts in a version. */
export function hasOnlyVisibleAscii(text: string): boolean {
  return /^[\x21-\x7e]*$/.test(text);
}
