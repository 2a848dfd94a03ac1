import { SelectedTest } from '@patchproof/contracts';
import { RunExecutionView, TestResultView } from './dto/run-execution.view';
import { REDACTED_REASON } from '@patchproof/contracts';
import { redactTenantTests, seesTenantTests } from './tenant-test-redaction';

function test(testId: string, tier: SelectedTest['tier'], overrides: Partial<SelectedTest> = {}): SelectedTest {
  return {
    testId, version: 3, name: `${testId} name`, vmId: 'vm1', tier, subject: 'data', site: 'local', reason: `${testId} registered for vm1`,
    definition: { kind: 'ssh', command: ['check-payroll'], parameters: { secret: 'hunter2' }, prepare: { kind: 'ssh', command: ['seed'] } }, timeoutMs: 5000,
    ...overrides,
  };
}

function result(of: SelectedTest, status: TestResultView['status'] = 'failed'): TestResultView {
  return {
    testId: of.testId, version: of.version, name: of.name, vmId: of.vmId, ...(of.target ? { target: of.target } : {}), tier: of.tier, subject: of.subject,
    status, durationMs: 120, output: `${of.testId}: payroll total 1234`, measurement: { baseline: 1, after: 2, threshold: 1.5, unit: 'ms' }, completedAt: '2026-01-01T00:00:00.000Z',
  };
}

const catalog = test('pg-accepts-connections', 'software');
const payroll = test('acme-payroll', 'tenant');
const invoices = test('acme-invoices', 'tenant', { target: 'postgresql-15' });
const view: RunExecutionView = {
  runId: '00000000-0000-4000-8000-000000000001', replicaId: 'replica-1',
  tests: [catalog, payroll, invoices],
  preparations: [result(payroll, 'passed')],
  results: [result(catalog, 'passed'), result(payroll), result(invoices)],
};

describe('redactTenantTests (test-runner executions)', () => {
  const redacted = redactTenantTests(view);

  it('keeps catalog tests as they are and every list its length', () => {
    expect(redacted.tests[0]).toBe(catalog);
    expect(redacted.results[0]).toBe(view.results[0]);
    expect([redacted.tests.length, redacted.preparations.length, redacted.results.length]).toEqual([3, 1, 3]);
  });

  it('replaces a tenant test by an opaque id, keeping tier, version, VM, target and timeout but no name, reason or definition', () => {
    expect(redacted.tests.slice(1)).toEqual([
      { testId: 'tenant-test-2', version: 3, name: 'tenant-test-2', vmId: 'vm1', tier: 'tenant', subject: 'data', site: 'local', reason: REDACTED_REASON, definition: {}, timeoutMs: 5000 },
      { testId: 'tenant-test-1', version: 3, name: 'tenant-test-1', vmId: 'vm1', target: 'postgresql-15', tier: 'tenant', subject: 'data', site: 'local', reason: REDACTED_REASON, definition: {}, timeoutMs: 5000 },
    ]);
  });

  it('keeps a tenant test result\'s status and duration under the same id, without output or measurement', () => {
    expect(redacted.results[1]).toEqual({
      testId: 'tenant-test-2', version: 3, name: 'tenant-test-2', vmId: 'vm1', tier: 'tenant', subject: 'data', status: 'failed', durationMs: 120, output: '',
      completedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(redacted.preparations[0]).toMatchObject({ testId: 'tenant-test-2', status: 'passed', output: '' });
    const text = JSON.stringify(redacted.tests.slice(1)) + JSON.stringify(redacted.results.slice(1)) + JSON.stringify(redacted.preparations);
    for (const secret of ['acme-', 'payroll', 'hunter2', 'check-payroll', '1234']) expect(text).not.toContain(secret);
  });

  it('returns a view without tenant tests unchanged', () => {
    const plain = { ...view, tests: [catalog], preparations: [], results: [result(catalog)] };
    expect(redactTenantTests(plain)).toBe(plain);
  });
});

describe('seesTenantTests', () => {
  it('is true for operators and the run\'s own tenant only', () => {
    expect(seesTenantTests({ name: 'ops', role: 'operator' }, 'acme')).toBe(true);
    expect(seesTenantTests({ name: 'acme', role: 'tenant', tenantId: 'acme' }, 'acme')).toBe(true);
    expect(seesTenantTests({ name: 'globex', role: 'tenant', tenantId: 'globex' }, 'acme')).toBe(false);
    expect(seesTenantTests({ name: 'staff', role: 'viewer' }, 'acme')).toBe(false);
    expect(seesTenantTests({ name: 'ci', role: 'publisher' }, 'acme')).toBe(false);
  });
});
