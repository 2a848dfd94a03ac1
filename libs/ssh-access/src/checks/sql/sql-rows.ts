import { SqlValue } from '../definition';

/** A result cell as text, or null for SQL NULL. */
export type Cell = string | null;

/** The rows each statement printed, in statement order (empty for statements that return none). */
export type StatementRows = Cell[][][];

/** "The rows of the last statement that returned rows" (a SELECT of zero rows counts as none). */
export function lastRows(statements: StatementRows): Cell[][] | undefined {
  for (let index = statements.length - 1; index >= 0; index--) if (statements[index].length > 0) return statements[index];
  return undefined;
}

const TRUE = new Set(['t', 'true', '1']);
const FALSE = new Set(['f', 'false', '0']);

/** Compares as the engines print: numbers by value (3.50 = 3.5), booleans as t/f or 1/0, strings exactly. */
export function cellMatches(expected: SqlValue, actual: Cell): boolean {
  if (expected === null) return actual === null;
  if (actual === null) return false;
  if (typeof expected === 'boolean') return (expected ? TRUE : FALSE).has(actual.toLowerCase());
  if (typeof expected === 'number') return actual.trim() !== '' && Number(actual) === expected;
  return actual === expected;
}

export function rowsMatch(expected: SqlValue[][], actual: Cell[][]): boolean {
  return expected.length === actual.length
    && expected.every((row, index) => row.length === actual[index].length && row.every((cell, column) => cellMatches(cell, actual[index][column])));
}
