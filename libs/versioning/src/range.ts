import { compareVersions } from './ecosystem';
import { VersionRangeSyntaxError } from './errors';

export const RANGE_OPERATORS = ['<', '<=', '>', '>=', '=', '!='] as const;
export type RangeOperator = (typeof RANGE_OPERATORS)[number];

export interface VersionComparator {
  operator: RangeOperator;
  version: string;
}

/**
 * A parsed range: satisfied when every comparator of at least one alternative holds.
 * An alternative with no comparators ("*") matches every version.
 */
export interface VersionRange {
  source: string;
  anyOf: VersionComparator[][];
}

const COMPARATOR = /^\s*(<=|>=|!=|==|<|>|=)?\s*([^\s<>=!,|]+)\s*,?/;

function parseComparator(match: RegExpExecArray, range: string): VersionComparator | undefined {
  const [, operator, version] = match;
  if (version === '*') {
    if (operator) throw new VersionRangeSyntaxError(range, `"${operator}*" compares with a wildcard`);
    return undefined;
  }
  return { operator: operator === '==' || operator === undefined ? '=' : (operator as RangeOperator), version };
}

function parseAlternative(text: string, range: string): VersionComparator[] {
  const comparators: VersionComparator[] = [];
  let rest = text;
  while (rest.trim() !== '') {
    const match = COMPARATOR.exec(rest);
    if (!match) throw new VersionRangeSyntaxError(range, `cannot read ${JSON.stringify(rest.trim())}`);
    const comparator = parseComparator(match, range);
    if (comparator) comparators.push(comparator);
    rest = rest.slice(match[0].length);
  }
  return comparators;
}

/**
 * Parses ranges like ">=15 <16", ">=1:10.11 <1:10.12", "*", "=2.4.57-1" or "<1.0 || >=2.0".
 * Comparators separated by spaces (or commas) must all hold; "||" separates alternatives.
 * A bare version means "="; "*" or an empty string matches everything.
 */
export function parseVersionRange(range: string): VersionRange {
  const alternatives = range.split('||');
  if (alternatives.length > 1 && alternatives.some((text) => text.trim() === '')) {
    throw new VersionRangeSyntaxError(range, 'an alternative between "||" is empty');
  }
  return { source: range, anyOf: alternatives.map((text) => parseAlternative(text, range)) };
}

function holds(ecosystem: string, version: string, comparator: VersionComparator): boolean {
  const result = compareVersions(ecosystem, version, comparator.version);
  switch (comparator.operator) {
    case '<': return result < 0;
    case '<=': return result <= 0;
    case '>': return result > 0;
    case '>=': return result >= 0;
    case '=': return result === 0;
    case '!=': return result !== 0;
  }
}

/** Whether `version` lies in `range`, comparing with the ecosystem's own scheme (see compareVersions). */
export function satisfies(ecosystem: string, version: string, range: string | VersionRange): boolean {
  const parsed = typeof range === 'string' ? parseVersionRange(range) : range;
  return parsed.anyOf.some((comparators) => comparators.every((comparator) => holds(ecosystem, version, comparator)));
}

/** Whether an installed version still needs the fix, i.e. installed < fixedVersion in the ecosystem's order. */
export function isAffected(ecosystem: string, installed: string, fixedVersion: string): boolean {
  return compareVersions(ecosystem, installed, fixedVersion) < 0;
}
