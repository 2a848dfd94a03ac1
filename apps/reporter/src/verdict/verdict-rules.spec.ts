import { TestResult, TestStatus } from '@patchproof/contracts';
import { SelectedTestRef } from '../run-ledger/run.entity';
import { PatchOutcome } from '../run-ledger/run.entity';
import { bounded, NO_TESTS_SELECTED, preparationFailure, verdictOfResults, verdictOfRun } from './verdict-rules';

function result(testId: string, status: TestStatus, vmId = 'vm1'): TestResult {
  return { testId, version: 1, name: `test ${testId}`, vmId, tier: 'software', subject: 'function', status, durationMs: 10, output: '' };
}

function selected(...results: TestResult[]): SelectedTestRef[] {
  return results.map(({ testId, version, name, vmId, target, tier, subject }) => ({ testId, version, name, vmId, ...(target === undefined ? {} : { target }), tier, subject }));
}

function forTarget(result: TestResult, target: string): TestResult {
  return { ...result, target };
}

describe('verdictOfResults', () => {
  it('passes when every test passed, skipped ones allowed', () => {
    const results = [result('a', 'passed'), result('b', 'skipped'), result('a', 'passed', 'vm2')];
    expect(verdictOfResults(selected(...results), results)).toEqual({ verdict: 'passed' });
  });

  it('fails when any test failed, naming the failed tests, even beside errored ones', () => {
    const results = [result('a', 'passed'), result('b', 'failed'), result('c', 'error')];
    const conclusion = verdictOfResults(selected(...results), results);
    expect(conclusion.verdict).toBe('failed');
    expect(conclusion.failure).toEqual({ step: 'test', reason: '1 of 3 tests failed: vm1/test b; 1 errored: vm1/test c' });
  });

  it('is an error when a test errored and none failed', () => {
    const results = [result('a', 'passed'), result('c', 'error')];
    expect(verdictOfResults(selected(...results), results)).toEqual({ verdict: 'error', failure: { step: 'test', reason: '1 of 2 tests errored: vm1/test c' } });
  });

  it('is an error "no tests selected" at step select for an empty selection', () => {
    expect(verdictOfResults([], [])).toEqual({ verdict: 'error', failure: { step: 'select', reason: NO_TESTS_SELECTED } });
  });

  it('is an error when a selected test has no result', () => {
    const ran = result('a', 'passed');
    const conclusion = verdictOfResults(selected(ran, result('b', 'passed', 'vm2')), [ran]);
    expect(conclusion).toEqual({ verdict: 'error', failure: { step: 'test', reason: '1 of 2 selected tests have no result: vm2/test b' } });
  });

  it('needs a result for every target of a test on a VM, and names the target', () => {
    const [mariadb, postgres] = [forTarget(result('crud', 'passed'), 'mariadb'), forTarget(result('crud', 'failed'), 'postgresql-15')];
    expect(verdictOfResults(selected(mariadb, postgres), [mariadb, { ...postgres, status: 'passed' }])).toEqual({ verdict: 'passed' });
    expect(verdictOfResults(selected(mariadb, postgres), [mariadb])).toEqual({
      verdict: 'error', failure: { step: 'test', reason: '1 of 2 selected tests have no result: vm1/test crud [postgresql-15]' },
    });
    expect(verdictOfResults(selected(mariadb, postgres), [mariadb, postgres]).failure?.reason).toBe('1 of 2 tests failed: vm1/test crud [postgresql-15]');
  });

  it('is an error when every test was skipped: nothing was verified', () => {
    const results = [result('a', 'skipped'), result('b', 'skipped')];
    expect(verdictOfResults(selected(...results), results).failure?.reason).toBe('no tests executed: all 2 were skipped');
  });

  it('names at most five tests and counts the rest', () => {
    const results = Array.from({ length: 8 }, (_, index) => result(`t${index}`, 'failed'));
    expect(verdictOfResults(selected(...results), results).failure?.reason).toMatch(/vm1\/test t4 and 3 more$/);
  });
});

describe('failure reasons', () => {
  const tenant = (testId: string, status: TestStatus, target?: string): TestResult => ({
    ...result(testId, status), name: 'Acme payroll export', tier: 'tenant', ...(target === undefined ? {} : { target }),
  });

  it('never name a tenant-registered test, only its VM (and target): reasons are shown to viewers', () => {
    const results = [result('a', 'failed'), tenant('acme-payroll', 'failed'), tenant('acme-ledger', 'error', 'postgresql-15')];
    const reason = verdictOfResults(selected(...results), results).failure?.reason;
    expect(reason).toBe('2 of 3 tests failed: vm1/test a, vm1/tenant test; 1 errored: vm1/tenant test [postgresql-15]');
    expect(preparationFailure([tenant('acme-payroll', 'failed')])?.reason).toBe('1 of 1 preparations did not succeed: vm1/tenant test (failed)');
    const missing = verdictOfResults(selected(tenant('acme-payroll', 'passed')), []).failure?.reason;
    expect(missing).toBe('1 of 1 selected tests have no result: vm1/tenant test');
  });
});

describe('preparationFailure', () => {
  it('is nothing when every preparation passed or was skipped', () => {
    expect(preparationFailure([result('seed', 'passed'), result('baseline', 'skipped')])).toBeUndefined();
    expect(preparationFailure([])).toBeUndefined();
  });

  it('is an error at step prepare naming the preparations that failed or errored', () => {
    expect(preparationFailure([result('seed', 'failed'), result('base', 'error'), result('ok', 'passed')])).toEqual({
      step: 'prepare',
      reason: '2 of 3 preparations did not succeed: vm1/test seed (failed), vm1/test base (error)',
    });
  });
});

describe('bounded', () => {
  it('keeps reasons within the contract: non-empty, at most 4000 characters', () => {
    expect(bounded('  ')).toBe('no reason given');
    expect(bounded('x'.repeat(5000))).toHaveLength(4000);
  });
});

describe('verdictOfRun: the apply outcome of each VM, then the tests', () => {
  const applied = (vmId: string): PatchOutcome => ({ vmId, status: 'applied', changed: [{ name: 'nginx', before: '1', after: '2' }], restarted: ['nginx'], rebooted: false });
  const broken = (vmId: string): PatchOutcome => ({
    vmId, status: 'failed', changed: [{ name: 'nginx', before: '1', after: '2' }], restarted: [], rebooted: false,
    failure: { kind: 'service-restart', service: 'nginx', exitCode: 1, reason: 'nginx did not come back after its restart (exit 1); nginx -t exits 1' },
  });
  const unreachable = (vmId: string): PatchOutcome => ({ vmId, status: 'error', changed: [], restarted: [], rebooted: false, failure: { kind: 'platform', reason: 'ssh: connect ECONNREFUSED' } });

  it('a patch that broke a VM fails the run at apply naming the VM and the service, with what the tests found', () => {
    const results = [result('a', 'failed', 'web1'), result('b', 'passed', 'db1')];
    expect(verdictOfRun(selected(...results), results, [broken('web1'), applied('db1')])).toEqual({
      verdict: 'failed',
      failure: { step: 'apply', reason: 'patch failed on 1 of 2 VMs: web1: nginx did not come back after its restart (exit 1); nginx -t exits 1; tests: 1 of 2 tests failed: web1/test a' },
    });
  });

  it('is failed, not error, even when every test passed or errored, or a VM beside it could not be patched', () => {
    const passing = [result('a', 'passed', 'db1')];
    expect(verdictOfRun(selected(...passing), passing, [broken('web1'), applied('db1')]).failure?.reason).toBe(
      'patch failed on 1 of 2 VMs: web1: nginx did not come back after its restart (exit 1); nginx -t exits 1; tests: all 1 results passed or skipped');
    const errored = [result('a', 'error', 'web1')];
    expect(verdictOfRun(selected(...errored), errored, [broken('web1'), unreachable('db1')])).toEqual({
      verdict: 'failed',
      failure: { step: 'apply', reason: 'patch failed on 1 of 2 VMs: web1: nginx did not come back after its restart (exit 1); nginx -t exits 1; 1 could not be patched: db1: ssh: connect ECONNREFUSED; tests: 1 of 1 tests errored: web1/test a' },
    });
  });

  it('a VM patchproof could not patch, alone, is an error at apply', () => {
    const results = [result('a', 'passed', 'db1')];
    expect(verdictOfRun(selected(...results), results, [unreachable('web1'), applied('db1')])).toEqual({
      verdict: 'error', failure: { step: 'apply', reason: 'patch could not be applied on 1 of 2 VMs: web1: ssh: connect ECONNREFUSED' },
    });
  });

  it('applied VMs, and outcomes from before verdict semantics (no status), leave the verdict to the tests', () => {
    const results = [result('a', 'passed'), result('b', 'failed')];
    const legacy: PatchOutcome = { vmId: 'vm1', changed: [], restarted: [], rebooted: false };
    expect(verdictOfRun(selected(...results), results, [applied('vm1'), legacy])).toEqual(verdictOfResults(selected(...results), results));
    expect(verdictOfRun(selected(result('a', 'passed')), [result('a', 'passed')], [legacy])).toEqual({ verdict: 'passed' });
  });
});
