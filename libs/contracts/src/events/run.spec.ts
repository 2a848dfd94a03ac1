import 'reflect-metadata';
import { EventValidation, validateEvent } from '../envelope/validate-event';
import { RunContext, SelectedTest, TestResult } from './run';

const RUN_ID = '00000000-0000-4000-8000-000000000001';

const run: RunContext = {
  runId: RUN_ID,
  patch: { id: 'DSA-5001-1', title: 'openssl', severity: 'high', source: 'native', advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15' }], publishedAt: '2025-01-01T00:00:00.000Z' },
  tenant: { id: 'acme', name: 'Acme', provider: 'fake', environmentRef: 'acme-prod', policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } },
};
const replica = { replicaId: 'replica-1', provider: 'fake', reused: false, vms: [{ vmId: 'vm1', name: 'vm1', osFamily: 'debian' }] };

function selected(target?: unknown): SelectedTest {
  return {
    testId: 'db-sql-crud', version: 1, name: 'Table CRUD by SQL', vmId: 'vm1', ...(target === undefined ? {} : { target: target as string }),
    tier: 'function-group', subject: 'function', site: 'remote', reason: 'function-group DB', definition: { kind: 'sql', statements: ['SELECT 1'] }, timeoutMs: 60_000,
  };
}

function result(target?: unknown): TestResult {
  return {
    testId: 'db-sql-crud', version: 1, name: 'Table CRUD by SQL', vmId: 'vm1', ...(target === undefined ? {} : { target: target as string }),
    tier: 'function-group', subject: 'function', status: 'passed', durationMs: 12, output: 'ok',
  };
}

function envelope(subject: string, payload: object): string {
  return JSON.stringify({ id: RUN_ID, subject, runId: RUN_ID, correlationId: RUN_ID, causationId: RUN_ID, occurredAt: '2025-01-01T00:00:00.000Z', payload });
}

const validateSelected = (...tests: SelectedTest[]) => validateEvent('patchproof.tests.selected.v1', envelope('patchproof.tests.selected.v1', { run, replica, tests, unknownSoftware: [] }));
const validateCompleted = (...results: TestResult[]) => validateEvent('patchproof.tests.completed.v1', envelope('patchproof.tests.completed.v1', { run, replica, results }));

function selectedTargets(validation: EventValidation): Array<string | undefined> {
  if (!validation.ok) throw new Error(validation.errors.join('\n'));
  return (validation.envelope.payload as { tests: SelectedTest[] }).tests.map((test) => test.target);
}

describe('the target of a selected test and of its result', () => {
  it('travels with tests.selected and tests.completed when present (validation keeps it)', () => {
    expect(selectedTargets(validateSelected(selected('mariadb'), selected('postgresql-15')))).toEqual(['mariadb', 'postgresql-15']);
    const results = validateCompleted(result('mariadb'));
    if (!results.ok) throw new Error(results.errors.join('\n'));
    expect((results.envelope.payload as { results: TestResult[] }).results[0].target).toBe('mariadb');
  });

  it('is optional: a test with one target on its VM has none', () => {
    expect(selectedTargets(validateSelected(selected()))).toEqual([undefined]);
    expect(validateCompleted(result()).ok).toBe(true);
  });

  it('must be a string of at most 128 characters', () => {
    expect(validateSelected(selected('x'.repeat(128))).ok).toBe(true);
    expect(validateSelected(selected('x'.repeat(129)))).toEqual({ ok: false, errors: [expect.stringMatching(/^payload\.tests\.0\.target: .*128/)] });
    expect(validateCompleted(result(42))).toEqual({ ok: false, errors: expect.arrayContaining([expect.stringMatching(/^payload\.results\.0\.target: .*string/)]) });
  });
});

describe('the per-VM apply outcome of patch.applied', () => {
  const base = { vmId: 'vm1', changed: [{ name: 'nginx', before: '1.22.1-9', after: '1.22.1-9+deb12u1' }], restarted: [], rebooted: false, log: '$ pp-service restart nginx' };
  const validateApplied = (...vms: object[]) => validateEvent('patchproof.patch.applied.v1', envelope('patchproof.patch.applied.v1', { run, replica, vms }));
  const failure = {
    kind: 'service-restart', reason: 'nginx did not come back after its restart (exit status 1)', service: 'nginx', exitCode: 1,
    logTail: 'nginx: [emerg] unknown directive "bogus"', configCheck: { command: 'nginx -t', exitCode: 1, output: 'nginx: configuration file /etc/nginx/nginx.conf test failed' },
  };

  it('is optional: an event from before verdict semantics (no status) is valid and means applied', () => {
    expect(validateApplied(base).ok).toBe(true);
  });

  it('carries a failed VM with its evidence through validation', () => {
    const validation = validateApplied({ ...base, status: 'failed', failure });
    if (!validation.ok) throw new Error(validation.errors.join('\n'));
    expect((validation.envelope.payload as { vms: Array<{ failure: unknown }> }).vms[0].failure).toEqual(failure);
  });

  it('requires the evidence with status failed or error, naming the field', () => {
    for (const status of ['failed', 'error']) {
      const validation = validateApplied({ ...base, status });
      expect(validation.ok).toBe(false);
      expect(validation.ok ? '' : validation.errors.join('\n')).toMatch(/failure is required when status is failed or error/);
    }
  });

  it('refuses an unknown status or failure kind and an over-long config check output', () => {
    const errors = (vm: object): string => { const validation = validateApplied(vm); return validation.ok ? '' : validation.errors.join('\n'); };
    expect(errors({ ...base, status: 'broken', failure })).toMatch(/status/);
    expect(errors({ ...base, status: 'failed', failure: { ...failure, kind: 'bad-luck' } })).toMatch(/kind/);
    expect(errors({ ...base, status: 'failed', failure: { ...failure, configCheck: { ...failure.configCheck, output: 'x'.repeat(5000) } } })).toMatch(/output/);
  });
});
