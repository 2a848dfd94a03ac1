import { BOUND_PARAMETERS, PLACEHOLDER, siteOfKind, TestCaseSpec, TestDefinition } from '@patchproof/test-selection';

const BOUND = new Set<string>(BOUND_PARAMETERS);

/** Every string inside a value, with its path ("command[1]"), for placeholder checks and binding. */
export function stringsIn(value: unknown, path: string): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${path}.${key}`));
  }
  return [];
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

function unknownPlaceholders(definition: TestDefinition | null, field: string, parameters: Record<string, string>): string[] {
  if (!definition) return [];
  return stringsIn(definition, field).flatMap(({ path, text }) =>
    placeholdersIn(text)
      .filter((name) => !BOUND.has(name) && !(name in parameters))
      .map((name) => `${path}: unknown parameter {{${name}}} (bound: ${BOUND_PARAMETERS.join(', ')}; or declare it in parameters)`),
  );
}

function subjectProblems(spec: TestCaseSpec): string[] {
  const problems: string[] = [];
  if (spec.subject === 'performance') {
    if (!spec.baseline) problems.push('baseline: required for a performance test (how to measure before and after the patch)');
    if (spec.threshold === null) problems.push('threshold: required for a performance test (largest allowed ratio after/before)');
  } else {
    if (spec.baseline) problems.push('baseline: only performance tests have a baseline');
    if (spec.threshold !== null) problems.push('threshold: only performance tests have a threshold');
  }
  if (spec.subject === 'data' && !spec.prepare) problems.push('prepare: required for a data test (it seeds the data before the patch)');
  return problems;
}

function tierProblems(spec: TestCaseSpec): string[] {
  if (spec.tier === 'tenant') {
    return [...(spec.tenantId ? [] : ['tenantId: required for a tenant test']), ...(spec.targetId ? ['targetId: a tenant test has no target']: [])];
  }
  return [...(spec.targetId ? [] : ['targetId: required']), ...(spec.vmName ? ['vmName: only tenant tests are bound to a VM'] : [])];
}

/** Rules across fields that the DTO decorators cannot express; each problem names its field. */
export function testSpecProblems(spec: TestCaseSpec): string[] {
  const expectedSite = siteOfKind(spec.definition.kind, spec.parameters);
  const sqlHow = spec.definition.kind === 'sql' ? (expectedSite === 'local' ? ' without parameters.sqlCredentialsRef' : ' with parameters.sqlCredentialsRef') : '';
  return [
    ...(spec.site === expectedSite ? [] : [`site: a ${spec.definition.kind} definition${sqlHow} runs ${expectedSite === 'local' ? 'on the VM (local)' : 'from the runner (remote)'}`]),
    ...subjectProblems(spec),
    ...tierProblems(spec),
    ...Object.keys(spec.parameters).filter((name) => BOUND.has(name)).map((name) => `parameters.${name}: bound at selection time, cannot be set`),
    ...unknownPlaceholders(spec.definition, 'definition', spec.parameters),
    ...unknownPlaceholders(spec.prepare, 'prepare', spec.parameters),
  ];
}
