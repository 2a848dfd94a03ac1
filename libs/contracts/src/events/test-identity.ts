import { SelectedTest, TestResult } from './run';

/** What identifies a selected test, its preparation or its result within a run. */
export type TestIdentity = Pick<SelectedTest, 'vmId' | 'testId' | 'target'>;

/** What a result repeats of its selected test: which test, which version, on which VM and target. */
export type ResultIdentity = Pick<TestResult, 'testId' | 'version' | 'name' | 'vmId' | 'target' | 'tier' | 'subject'>;

/** The identity a result of this test carries (`target` only when the selection set one). */
export function resultIdentity(test: SelectedTest): ResultIdentity {
  const identity: ResultIdentity = { testId: test.testId, version: test.version, name: test.name, vmId: test.vmId, tier: test.tier, subject: test.subject };
  if (test.target !== undefined) identity.target = test.target;
  return identity;
}

/** A map key for a test on a VM: one VM runs a test once per target. */
export function testKey(test: TestIdentity): string {
  return `${test.vmId}\u0000${test.testId}\u0000${test.target ?? ''}`;
}

/** A test id for people, naming the target when there is one: "db-sql-crud [mariadb]". */
export function testLabel(test: Pick<SelectedTest, 'testId' | 'target'>): string {
  return test.target === undefined ? test.testId : `${test.testId} [${test.target}]`;
}

/** A test's name for people, naming the target when there is one: "Table CRUD by SQL [mariadb]". */
export function displayName(test: Pick<SelectedTest, 'name' | 'target'>): string {
  return test.target === undefined ? test.name : `${test.name} [${test.target}]`;
}

/**
 * Opaque ids for a run's tenant-registered tests (tier `tenant`), shown instead of their ids and
 * names to callers who may not see them: "tenant-test-1", "tenant-test-2", … in the order of their
 * test ids, so every service that holds the run's selection gives a test the same id. Tests of other
 * tiers get none.
 */
export function tenantTestAliases(tests: Iterable<Pick<SelectedTest, 'testId' | 'tier'>>): Map<string, string> {
  const ids = new Set<string>();
  for (const test of tests) if (test.tier === 'tenant') ids.add(test.testId);
  return new Map([...ids].sort().map((testId, index) => [testId, `tenant-test-${index + 1}`]));
}

/** The opaque id of a tenant-registered test, or undefined for tests of other tiers (and unknown ones). */
export function tenantTestAlias(test: Pick<SelectedTest, 'testId' | 'tier'>, aliases: ReadonlyMap<string, string>): string | undefined {
  return test.tier === 'tenant' ? aliases.get(test.testId) : undefined;
}

/** What a redacted test still says of itself: its identity with the opaque alias as its id and name. */
export function redactedIdentity(test: ResultIdentity, alias: string): ResultIdentity {
  const identity: ResultIdentity = { testId: alias, version: test.version, name: alias, vmId: test.vmId, tier: test.tier, subject: test.subject };
  if (test.target !== undefined) identity.target = test.target;
  return identity;
}

/** What a redacted test says instead of why it was selected (which names the tenant's VM and test). */
export const REDACTED_REASON = 'tenant-registered test (redacted)';

/**
 * A selected tenant-registered test as a redacted view shows it: its place, tier, subject, version,
 * VM, target, site and timeout under the opaque alias; its id, name, reason and definition (parameters
 * and prepare step included) dropped. Fields are copied by name, so a field added later stays hidden.
 */
export function redactedSelectedTest(test: SelectedTest, alias: string): SelectedTest {
  return { ...redactedIdentity(test, alias), site: test.site, reason: REDACTED_REASON, definition: {}, timeoutMs: test.timeoutMs };
}
