import { SQL_ENGINES } from './catalog-model';
import { BASELINE_MEASURES, DEFINITION_KINDS, DefinitionKind, HTTP_VIA, RunnableTestDefinition } from './test-definition';

type Check = (value: unknown) => boolean;
type Fields = Record<string, { check: Check; expected: string; required?: boolean }>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === 'string';
const isInt: Check = (value) => Number.isInteger(value);
const isStrings: Check = (value) => Array.isArray(value) && value.every(isString);
const oneOf = <T extends string>(values: readonly T[]) => (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);

const COMMON: Fields = { service: { check: isString, expected: 'a string' } };
const BY_KIND: Record<DefinitionKind, Fields> = {
  ssh: {
    command: { check: (value) => isStrings(value) && (value as string[]).length > 0, expected: 'a non-empty argv array', required: true },
    expectExit: { check: isInt, expected: 'an integer' },
    expectStdout: { check: isString, expected: 'a regular expression' },
  },
  http: {
    path: { check: isString, expected: 'a string', required: true },
    port: { check: isInt, expected: 'an integer' },
    via: { check: oneOf(HTTP_VIA), expected: HTTP_VIA.join(' | ') },
    expectStatus: { check: isInt, expected: 'an integer', required: true },
    expectBody: { check: isString, expected: 'a regular expression' },
  },
  tcp: { port: { check: isInt, expected: 'an integer' } },
  sql: {
    engine: { check: oneOf(SQL_ENGINES), expected: SQL_ENGINES.join(' | ') },
    statements: { check: isStrings, expected: 'an array of strings', required: true },
    expectRows: { check: (value) => Array.isArray(value) && value.every(Array.isArray), expected: 'an array of rows' },
  },
};
const EXTRAS: Fields = {
  baseline: {
    check: (value) => isObject(value) && oneOf(BASELINE_MEASURES)(value.measure) && isString(value.unit) && isInt(value.samples),
    expected: `{ measure: ${BASELINE_MEASURES.join(' | ')}, unit, samples }`,
  },
  threshold: { check: (value) => typeof value === 'number' && value > 0, expected: 'a positive number' },
  parameters: { check: (value) => isObject(value) && Object.values(value).every(isString), expected: 'a map of strings' },
  condition: { check: (value) => isObject(value) && (value.listeningPort === undefined || isInt(value.listeningPort)), expected: '{ listeningPort?: integer }' },
};

function fieldProblems(value: Record<string, unknown>, fields: Fields, path: string): string[] {
  return Object.entries(fields).flatMap(([name, field]) => {
    const present = value[name] !== undefined;
    if (!present) return field.required ? [`${path}${name}: required`] : [];
    return field.check(value[name]) ? [] : [`${path}${name}: must be ${field.expected}`];
  });
}

function definitionProblems(value: unknown, path: string): string[] {
  if (!isObject(value)) return [`${path ? path.slice(0, -1) : 'definition'}: must be an object`];
  const kind = value.kind;
  if (!oneOf(DEFINITION_KINDS)(kind)) return [`${path}kind: must be ${DEFINITION_KINDS.join(' | ')}`];
  return [...fieldProblems(value, COMMON, path), ...fieldProblems(value, BY_KIND[kind], path)];
}

/** What is wrong with a received `SelectedTest.definition`, each problem naming its field; empty when it is runnable. */
export function runnableDefinitionProblems(value: unknown): string[] {
  if (!isObject(value)) return definitionProblems(value, '');
  const prepare = value.prepare === undefined ? [] : definitionProblems(value.prepare, 'prepare.');
  return [...definitionProblems(value, ''), ...fieldProblems(value, EXTRAS, ''), ...prepare];
}

/** Narrows a received definition to the typed union (the runner checks before it runs anything). */
export function isRunnableTestDefinition(value: unknown): value is RunnableTestDefinition {
  return runnableDefinitionProblems(value).length === 0;
}
