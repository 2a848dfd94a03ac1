import { SshDefinition } from '../test-definition';

/** Upper-tier tests name the service (and port) of the software that brought them in, bound at selection. */
export const SERVICE = '{{service}}';
export const PORT = '{{servicePort}}';
export const JAPANESE = '日本語テキストの往復確認';

/** Performance tests print the CPU cost of a fixed workload (starter-scripts.ts); the runner takes the best of 3 samples. */
export const PERFORMANCE = { subject: 'performance' as const, baseline: { measure: 'stdout-number' as const, unit: 'ms', samples: 3 }, threshold: 1.5 };

/** An SSH test of the bound service; `service: null` for OS-level tests, which exercise no service. */
export function ssh(command: string[], expect: Pick<SshDefinition, 'expectExit' | 'expectStdout'> = { expectExit: 0 }, service: string | null = SERVICE): SshDefinition {
  return { kind: 'ssh', command, ...expect, ...(service ? { service } : {}) };
}
