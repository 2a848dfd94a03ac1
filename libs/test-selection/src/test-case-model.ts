import { TestSite, TestSubject, TestTier } from '@patchproof/contracts';
import { PerformanceBaseline, TestCondition, TestDefinition } from './test-definition';

/** Everything one version of a test case says. */
export interface TestCaseSpec {
  name: string;
  description: string;
  tier: TestTier;
  /** The function group, software group or software the test belongs to; null for tenant tests. */
  targetId: string | null;
  tenantId: string | null;
  /** Tenant tests only: the VM (by name) the test is for; null means every VM of the tenant. */
  vmName: string | null;
  subject: TestSubject;
  site: TestSite;
  definition: TestDefinition;
  /** Run before the patch (data tests seed their data here). */
  prepare: TestDefinition | null;
  baseline: PerformanceBaseline | null;
  /** Performance tests: the largest allowed ratio after/before. */
  threshold: number | null;
  timeoutMs: number;
  /** Static parameters (e.g. a database name) usable as {{name}} placeholders beside the bound ones. */
  parameters: Record<string, string>;
  condition: TestCondition | null;
}

export interface TestCaseVersionRecord extends TestCaseSpec {
  testId: string;
  version: number;
  createdBy: string;
  createdAt: string;
}

/**
 * Parameters bound from the run and the inventory at selection time, usable as {{name}} in any
 * string of a definition. Static test parameters may not reuse these names.
 */
export const BOUND_PARAMETERS = [
  'runId', 'tenantId', 'vmId', 'vmName', 'vmAddress', 'credentialsRef',
  'softwareId', 'softwareName', 'softwareVersion', 'packageName', 'packageVersion',
  'service', 'servicePort', 'loadBalancerAddress', 'loadBalancerPort',
] as const;
export type BoundParameter = (typeof BOUND_PARAMETERS)[number];

export const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]{0,63})\}\}/g;

export const DEFAULT_TIMEOUT_MS = 60_000;
