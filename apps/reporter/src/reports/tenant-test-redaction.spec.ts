import { RunContext, TestResult } from '@patchproof/contracts';
import { RunRecord, SelectedTestRef } from '../run-ledger/run.entity';
import { renderJunit } from './junit-xml';
import { buildReport } from './run-report';
import { redactTenantTests } from './tenant-test-redaction';

const context: RunContext = {
  runId: '00000000-0000-4000-8000-000000000002',
  patch: { id: 'DSA-5001-1', title: 'openssl', severity: 'high', source: 'native', advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15' }], publishedAt: '2025-01-01T00:00:00.000Z' },
  tenant: { id: 'acme', name: 'Acme', provider: 'fake', environmentRef: 'acme-prod', policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } },
};

const catalog: SelectedTestRef = { testId: 'tls', version: 2, name: 'TLS handshake', vmId: 'web1', tier: 'software', subject: 'function' };
const payroll: SelectedTestRef = { testId: 'acme-payroll', version: 5, name: 'Acme payroll export', vmId: 'db1', tier: 'tenant', subject: 'data' };
const ledger: SelectedTestRef = { testId: 'acme-ledger', version: 1, name: 'Acme ledger balances', vmId: 'db1', target: 'postgresql-15', tier: 'tenant', subject: 'performance' };

function resultOf(test: SelectedTestRef, status: TestResult['status'], output: string): TestResult {
  return { ...test, status, durationMs: 300, output };
}

function run(): RunRecord {
  return Object.assign(new RunRecord(), {
    runId: context.runId, patchId: context.patch.id, tenantId: 'acme', provider: 'fake', status: 'failed', currentStep: null, lastProgressAt: new Date(),
    verdict: 'failed', failureStep: 'test', failureReason: '1 of 3 tests failed: db1/tenant test', releaseAction: null, rolloutStatus: null, rolloutReason: null,
    context, correlationId: context.runId, trace: null, replica: null, selected: [catalog, payroll, ledger], unknownSoftware: [],
    preparations: [resultOf(payroll, 'passed', 'seeded 12 payroll rows')],
    patchResults: [],
    results: [
      resultOf(catalog, 'passed', 'handshake ok'),
      resultOf(payroll, 'failed', 'payroll total 1234 != 1235'),
      { ...resultOf(ledger, 'passed', 'ledger 80 ms'), measurement: { baseline: 80, after: 81, threshold: 1.2, unit: 'ms' } },
    ],
    createdAt: new Date(), finishedAt: new Date(),
  });
}

describe('redactTenantTests (reporter)', () => {
  const full = run();
  const redacted = redactTenantTests(full);

  it('replaces tenant tests by opaque ids, keeping tier, subject, version, VM, target, status and duration', () => {
    expect(redacted.selected).toEqual([
      catalog,
      { testId: 'tenant-test-2', version: 5, name: 'tenant-test-2', vmId: 'db1', tier: 'tenant', subject: 'data' },
      { testId: 'tenant-test-1', version: 1, name: 'tenant-test-1', vmId: 'db1', target: 'postgresql-15', tier: 'tenant', subject: 'performance' },
    ]);
    expect(redacted.results).toEqual([
      full.results![0],
      { testId: 'tenant-test-2', version: 5, name: 'tenant-test-2', vmId: 'db1', tier: 'tenant', subject: 'data', status: 'failed', durationMs: 300, output: '' },
      { testId: 'tenant-test-1', version: 1, name: 'tenant-test-1', vmId: 'db1', target: 'postgresql-15', tier: 'tenant', subject: 'performance', status: 'passed', durationMs: 300, output: '' },
    ]);
    expect(redacted.preparations).toEqual([expect.objectContaining({ testId: 'tenant-test-2', status: 'passed', output: '' })]);
    expect(full.results![1].name).toBe('Acme payroll export');
  });

  it('leaves counts, verdict and tiers of the report as they are, and no trace of the tests in it or its JUnit XML', () => {
    const fullReport = buildReport(full, []);
    const report = buildReport(redacted, []);
    expect(report.counts).toEqual(fullReport.counts);
    expect(report.verdict).toBe('failed');
    expect(report.vms.map((vm) => vm.tiers.map((tier) => [tier.tier, tier.results.length]))).toEqual(fullReport.vms.map((vm) => vm.tiers.map((tier) => [tier.tier, tier.results.length])));
    const xml = renderJunit(report);
    expect(xml).toContain('<testcase name="tenant-test-2" classname="tenant" time="0.300">');
    for (const text of [JSON.stringify(report), xml]) {
      for (const secret of ['acme-payroll', 'acme-ledger', 'Acme payroll', 'Acme ledger', 'payroll total', 'seeded 12', 'ledger 80']) expect(text).not.toContain(secret);
    }
    expect(xml).toContain('TLS handshake');
  });

  it('returns a run without tenant tests as it is', () => {
    const plain = Object.assign(run(), { selected: [catalog], preparations: null, results: null });
    expect(redactTenantTests(plain)).toBe(plain);
  });
});
