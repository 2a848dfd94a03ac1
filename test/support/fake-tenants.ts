import { E2ePlatform } from './platform';

const DEBIAN = { family: 'debian', name: 'Debian GNU/Linux', version: '12' };
const BASE = [
  { name: 'libc6', version: '2.36-9+deb12u7' },
  { name: 'libssl3', version: '3.0.13-1~deb12u1' },
  { name: 'openssl', version: '3.0.13-1~deb12u1' },
];
const SOFTWARE: Record<string, { packages: Array<{ name: string; version: string }>; service: { name: string; port: number; packages: string[] } }> = {
  postgresql: { packages: [{ name: 'postgresql-15', version: '15.6-0+deb12u1' }], service: { name: 'postgresql', port: 5432, packages: ['postgresql-15', 'libssl3'] } },
  mariadb: { packages: [{ name: 'mariadb-server', version: '1:10.11.6-0+deb12u1' }], service: { name: 'mariadb', port: 3306, packages: ['mariadb-server', 'libssl3'] } },
  nginx: { packages: [{ name: 'nginx', version: '1.22.1-9' }], service: { name: 'nginx', port: 80, packages: ['nginx', 'libssl3'] } },
};

export const PATCH = {
  id: 'PP-E2E-OPENSSL-1',
  title: 'OpenSSL update (e2e)',
  severity: 'high',
  source: 'native',
  advisoryIds: [],
  packages: [
    { ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1' },
    { ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' },
  ],
};

export type FakeSoftware = keyof typeof SOFTWARE;

export interface FakeTenantOptions {
  id: string;
  /** What runs on the tenant's one VM beside the base system; several share that VM. */
  software: FakeSoftware | FakeSoftware[];
  faults?: unknown[];
  failureRate?: Record<string, number>;
  partialFailureRate?: Record<string, number>;
  /** How many identical VMs the environment has (vm1, vm2, …); one unless told. */
  vms?: number;
  latencyMs?: Record<string, number>;
  retention?: 'delete' | 'retain' | 'volumes';
  autoApply?: boolean;
  /** policy.rollout (maintenance windows); omitted: roll out at any time. */
  rolloutPolicy?: unknown;
}

/** A simulated environment, the tenant that owns it, and its Debian 12 subscription. */
export async function addFakeTenant(platform: E2ePlatform, options: FakeTenantOptions): Promise<void> {
  const software = [options.software].flat().map((name) => SOFTWARE[name]);
  const environment = {
    id: `${options.id}-env`, seed: 11, ecosystem: 'Debian:12',
    vms: Array.from({ length: options.vms ?? 1 }, (_, index) => ({
      name: `vm${index + 1}`, os: DEBIAN, packages: [...BASE, ...software.flatMap((item) => item.packages)],
      services: [{ name: 'ssh', port: 22, packages: ['libssl3'] }, ...software.map((item) => item.service)],
    })),
    latencyMs: options.latencyMs ?? {}, failureRate: options.failureRate ?? {}, faults: options.faults ?? [],
    ...(options.partialFailureRate ? { partialFailureRate: options.partialFailureRate } : {}),
  };
  await expectOk(platform.api('replicator', 'POST', '/fake/environments', environment));
  await expectOk(platform.api('patch-intake', 'POST', '/tenants', {
    id: options.id, name: options.id, provider: 'fake', environmentRef: environment.id,
    policy: { minSeverity: 'low', autoApply: options.autoApply ?? false, replicaRetention: options.retention ?? 'delete', ...(options.rolloutPolicy ? { rollout: options.rolloutPolicy } : {}) },
  }));
  await expectOk(platform.api('patch-intake', 'POST', `/tenants/${options.id}/subscriptions`, { ecosystem: 'Debian:12' }));
}

async function expectOk(pending: Promise<{ status: number; body: unknown }>): Promise<void> {
  const response = await pending;
  if (response.status >= 300) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
}
