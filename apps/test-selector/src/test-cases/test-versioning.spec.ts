import { seedTest, seedVersion, TestCaseSpec } from '@patchproof/test-selection';
import { testSpecProblems } from './test-case-rules';
import { canonicalJson, nextVersion } from './test-versioning';

const { id: _id, ...spec } = seedTest('db-x', 'function-group', 'db', 'CRUD', {
  definition: { kind: 'sql', service: '{{service}}', statements: ['SELECT 1'], expectRows: [[1]] },
});
const now = new Date('2025-01-01T00:00:00Z');

describe('nextVersion', () => {
  it('starts at version 1 and records who wrote it', () => {
    expect(nextVersion(null, 'db-x', spec, 'ops', now)).toEqual({ ...spec, testId: 'db-x', version: 1, createdBy: 'ops', createdAt: '2025-01-01T00:00:00.000Z' });
  });

  it('writes N+1 for a change and leaves version N as it was', () => {
    const first = nextVersion(null, 'db-x', spec, 'ops', now)!;
    const frozen = JSON.stringify(first);
    const changed: TestCaseSpec = { ...spec, definition: { ...spec.definition, statements: ['SELECT 2'] } } as TestCaseSpec;
    const second = nextVersion(first, 'db-x', changed, 'alice', now)!;
    expect(second.version).toBe(2);
    expect(second.definition).toMatchObject({ statements: ['SELECT 2'] });
    expect(second.createdBy).toBe('alice');
    expect(JSON.stringify(first)).toBe(frozen);
    expect(nextVersion(second, 'db-x', spec, 'ops', now)!.version).toBe(3);
  });

  it('writes nothing when the content did not change, whatever the key order', () => {
    const first = nextVersion(null, 'db-x', spec, 'ops', now)!;
    const reordered = JSON.parse(canonicalJson(spec)) as TestCaseSpec;
    expect(nextVersion(first, 'db-x', reordered, 'someone-else', now)).toBeNull();
  });
});

describe('testSpecProblems', () => {
  it('accepts a seed-like test', () => {
    expect(testSpecProblems(seedVersion({ ...spec, id: 'db-x' }))).toEqual([]);
  });

  it('names each field at fault', () => {
    const problems = testSpecProblems({
      ...spec, subject: 'performance', site: 'local', parameters: { vmAddress: 'x', database: 'd', sqlCredentialsRef: 'db-login' },
      definition: { kind: 'sql', statements: ['SELECT {{nope}} FROM {{database}}'] },
    });
    expect(problems).toEqual([
      'site: a sql definition with parameters.sqlCredentialsRef runs from the runner (remote)',
      'baseline: required for a performance test (how to measure before and after the patch)',
      'threshold: required for a performance test (largest allowed ratio after/before)',
      'parameters.vmAddress: bound at selection time, cannot be set',
      expect.stringMatching(/^definition\.statements\[0\]: unknown parameter \{\{nope\}\}/),
    ]);
  });

  it('requires prepare for data tests and forbids baselines elsewhere', () => {
    expect(testSpecProblems({ ...spec, subject: 'data', threshold: 2 })).toEqual([
      'threshold: only performance tests have a threshold',
      'prepare: required for a data test (it seeds the data before the patch)',
    ]);
  });
});
