export type SqlEngine = 'postgresql' | 'mariadb';
export type SqlValue = string | number | boolean | null;

interface CheckBase {
  service?: string;
}

export interface SshCheck extends CheckBase {
  kind: 'ssh';
  command: string[];
  expectExit: number;
  expectStdout?: RegExp;
}

export interface HttpCheck extends CheckBase {
  kind: 'http';
  path: string;
  port?: number;
  via: 'vm' | 'load-balancer';
  expectStatus: number;
  expectBody?: RegExp;
}

export interface TcpCheck extends CheckBase {
  kind: 'tcp';
  port?: number;
}

export interface SqlCheck extends CheckBase {
  kind: 'sql';
  engine?: SqlEngine;
  statements: string[];
  expectRows?: SqlValue[][];
}

export type Check = SshCheck | HttpCheck | TcpCheck | SqlCheck;

export interface Baseline {
  measure: 'elapsed-ms' | 'stdout-number';
  unit: string;
  samples: number;
}

/** A selected test's definition as the runner executes it (selection bound its placeholders). */
export interface RunnableTest {
  check: Check;
  prepare?: Check;
  baseline?: Baseline;
  threshold?: number;
  parameters: Record<string, string>;
}

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

type Fields = Record<string, unknown>;

const PLACEHOLDER = /\{\{[A-Za-z][A-Za-z0-9]{0,63}\}\}/;

function fail(path: string, problem: string): never {
  throw new DefinitionError(`${path}: ${problem}`);
}

function record(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Fields;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  const unbound = PLACEHOLDER.exec(value);
  if (unbound) fail(path, `placeholder ${unbound[0]} was not bound at selection`);
  return value;
}

function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : text(value, path);
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `must be an integer from ${min} to ${max}`);
  return value;
}

function optionalPort(value: unknown, path: string): number | undefined {
  return value === undefined ? undefined : integer(value, path, 1, 65535);
}

function pattern(value: unknown, path: string): RegExp | undefined {
  const source = optionalText(value, path);
  if (source === undefined) return undefined;
  try {
    return new RegExp(source, 'm');
  } catch (error) {
    return fail(path, `is not a regular expression (${(error as Error).message})`);
  }
}

function strings(value: unknown, path: string, min: number): string[] {
  if (!Array.isArray(value) || value.length < min) fail(path, `must be an array of at least ${min} string(s)`);
  return value.map((item, index) => text(item, `${path}[${index}]`));
}

function sqlValue(value: unknown, path: string): SqlValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as SqlValue;
  return fail(path, 'must be a string, number, boolean or null');
}

function rows(value: unknown, path: string): SqlValue[][] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(path, 'must be an array of rows');
  return value.map((row, index) => {
    if (!Array.isArray(row)) fail(`${path}[${index}]`, 'must be an array of cells');
    return row.map((cell, column) => sqlValue(cell, `${path}[${index}][${column}]`));
  });
}

function engine(value: unknown, path: string): SqlEngine | undefined {
  if (value === undefined) return undefined;
  if (value !== 'postgresql' && value !== 'mariadb') fail(path, 'must be postgresql or mariadb');
  return value;
}

function via(value: unknown, path: string): 'vm' | 'load-balancer' {
  if (value === undefined || value === 'vm' || value === 'load-balancer') return value ?? 'vm';
  return fail(path, 'must be vm or load-balancer');
}

const KINDS: Record<string, (fields: Fields, path: string) => Check> = {
  ssh: (fields, path) => ({ kind: 'ssh', command: strings(fields.command, `${path}.command`, 1), expectExit: fields.expectExit === undefined ? 0 : integer(fields.expectExit, `${path}.expectExit`, 0, 255), expectStdout: pattern(fields.expectStdout, `${path}.expectStdout`) }),
  http: (fields, path) => ({ kind: 'http', path: text(fields.path, `${path}.path`), port: optionalPort(fields.port, `${path}.port`), via: via(fields.via, `${path}.via`), expectStatus: integer(fields.expectStatus, `${path}.expectStatus`, 100, 599), expectBody: pattern(fields.expectBody, `${path}.expectBody`) }),
  tcp: (fields, path) => ({ kind: 'tcp', port: optionalPort(fields.port, `${path}.port`) }),
  sql: (fields, path) => ({ kind: 'sql', engine: engine(fields.engine, `${path}.engine`), statements: strings(fields.statements, `${path}.statements`, 1), expectRows: rows(fields.expectRows, `${path}.expectRows`) }),
};

export function parseCheck(value: unknown, path: string): Check {
  const fields = record(value, path);
  const build = typeof fields.kind === 'string' ? KINDS[fields.kind] : undefined;
  if (!build) fail(`${path}.kind`, 'must be ssh, http, tcp or sql');
  const service = optionalText(fields.service, `${path}.service`);
  return { ...build(fields, path), ...(service ? { service } : {}) };
}

function parameters(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const fields = record(value, 'definition.parameters');
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function baseline(value: unknown): Baseline | undefined {
  if (value === undefined) return undefined;
  const fields = record(value, 'definition.baseline');
  if (fields.measure !== 'elapsed-ms' && fields.measure !== 'stdout-number') fail('definition.baseline.measure', 'must be elapsed-ms or stdout-number');
  return { measure: fields.measure, unit: typeof fields.unit === 'string' ? fields.unit : fields.measure === 'elapsed-ms' ? 'ms' : '', samples: fields.samples === undefined ? 1 : integer(fields.samples, 'definition.baseline.samples', 1, 100) };
}

function threshold(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0)) fail('definition.threshold', 'must be a positive number');
  return value;
}

/** Validates a SelectedTest's definition (the runner's input is never trusted). */
export function parseRunnableTest(definition: Record<string, unknown>): RunnableTest {
  const { prepare, baseline: measuring, threshold: limit, parameters: bound, ...main } = definition;
  return {
    check: parseCheck(main, 'definition'),
    ...(prepare === undefined ? {} : { prepare: parseCheck(prepare, 'definition.prepare') }),
    ...(measuring === undefined ? {} : { baseline: baseline(measuring) }),
    ...(limit === undefined ? {} : { threshold: threshold(limit) }),
    parameters: parameters(bound),
  };
}
