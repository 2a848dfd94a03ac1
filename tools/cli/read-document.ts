import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Reads a JSON or YAML file (by extension; `-` is standard input, JSON). */
export function readDocument(path: string): unknown {
  const text = readFileSync(path === '-' ? 0 : path, 'utf8');
  try {
    return /\.ya?ml$/i.test(path) ? parse(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(error as Error).message})`);
  }
}
