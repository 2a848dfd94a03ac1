import { tenantTestAliases } from './test-identity';

describe('tenantTestAliases', () => {
  it('numbers tenant tests by test id, once per test whatever its VMs and targets, and skips other tiers', () => {
    const aliases = tenantTestAliases([
      { testId: 'acme-payroll', tier: 'tenant' },
      { testId: 'pg-accepts-connections', tier: 'software' },
      { testId: 'acme-invoices', tier: 'tenant' },
      { testId: 'acme-payroll', tier: 'tenant' },
    ]);
    expect([...aliases]).toEqual([['acme-invoices', 'tenant-test-1'], ['acme-payroll', 'tenant-test-2']]);
  });

  it('gives the same ids whatever order the tests come in', () => {
    const tests = [{ testId: 'b', tier: 'tenant' as const }, { testId: 'a', tier: 'tenant' as const }, { testId: 'c', tier: 'tenant' as const }];
    expect(tenantTestAliases(tests)).toEqual(tenantTestAliases([...tests].reverse()));
  });
});
