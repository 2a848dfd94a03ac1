import { AdvisoryError } from './advisory-error';

// Typed reads from untrusted JSON: each returns the value or throws an AdvisoryError naming the path.

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

export function objectAt(value: unknown, path: string): JsonObject {
  if (value === undefined) throw AdvisoryError.at(path, 'is missing (an object is required)');
  if (!isJsonObject(value)) throw AdvisoryError.at(path, `must be an object, got ${describe(value)}`);
  return value;
}

export function optionalObjectAt(value: unknown, path: string): JsonObject | undefined {
  return value === undefined ? undefined : objectAt(value, path);
}

export function stringAt(value: unknown, path: string): string {
  if (value === undefined) throw AdvisoryError.at(path, 'is missing (a string is required)');
  if (typeof value !== 'string') throw AdvisoryError.at(path, `must be a string, got ${describe(value)}`);
  if (value.trim() === '') throw AdvisoryError.at(path, 'must not be empty');
  return value.trim();
}

/** A string, or undefined when absent, null or blank (optional text such as a summary may be ""). */
export function optionalStringAt(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  return stringAt(value, path);
}

export function arrayAt(value: unknown, path: string): readonly unknown[] {
  if (value === undefined) throw AdvisoryError.at(path, 'is missing (an array is required)');
  if (!Array.isArray(value)) throw AdvisoryError.at(path, `must be an array, got ${describe(value)}`);
  return Array.from(value); // holes of a sparse array become undefined, so every item gets checked
}

export function optionalArrayAt(value: unknown, path: string): readonly unknown[] {
  return value === undefined || value === null ? [] : arrayAt(value, path);
}

export function stringArrayAt(value: unknown, path: string): string[] {
  return optionalArrayAt(value, path).map((item, index) => stringAt(item, `${path}[${index}]`));
}

/** Strings in first-seen order without repeats. */
export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** At most `max` characters, cut at a word boundary when possible, with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
