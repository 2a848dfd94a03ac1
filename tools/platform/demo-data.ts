/**
 * Demo data for the `fake` provider (a SIMULATION): five tenants on Debian 12 and one sample patch.
 * Package versions are real Debian 12 versions; the patch is made up for the demo (id PP-DEMO-…).
 */
const DEBIAN = { family: 'debian', name: 'Debian GNU/Linux', version: '12' } as const;

const base = [
  { name: 'libc6', version: '2.36-9+deb12u7', arch: 'amd64' },
  { name: 'openssl', version: '3.0.13-1~deb12u1', arch: 'amd64' },
  { name: 'libssl3', version: '3.0.13-1~deb12u1', arch: 'amd64' },
  { name: 'openssh-server', version: '1:9.2p1-2+deb12u2', arch: 'amd64' },
];
const postgres = [{ name: 'postgresql-15', version: '15.6-0+deb12u1', arch: 'amd64' }, { name: 'postgresql-client-15', version: '15.6-0+deb12u1', arch: 'amd64' }];
const mariadb = [{ name: 'mariadb-server', version: '1:10.11.6-0+deb12u1', arch: 'amd64' }, { name: 'mariadb-client', version: '1:10.11.6-0+deb12u1', arch: 'amd64' }];
const nginx = [{ name: 'nginx', version: '1.22.1-9', arch: 'amd64' }];
const apache = [{ name: 'apache2', version: '2.4.59-1~deb12u1', arch: 'amd64' }];
const haproxy = [{ name: 'haproxy', version: '2.6.12-1+deb12u1', arch: 'amd64' }];

const ssh = { name: 'ssh', port: 22, packages: ['openssh-server', 'libssl3'] };
const services = {
  postgresql: { name: 'postgresql', port: 5432, packages: ['postgresql-15', 'libssl3'] },
  mariadb: { name: 'mariadb', port: 3306, packages: ['mariadb-server', 'libssl3'] },
  nginx: { name: 'nginx', port: 80, packages: ['nginx', 'libssl3'] },
  apache2: { name: 'apache2', port: 80, packages: ['apache2', 'libssl3'] },
  haproxy: { name: 'haproxy', port: 80, packages: ['haproxy', 'libssl3'] },
};

function vm(name: string, packages: typeof base, vmServices: Array<typeof ssh>) {
  return { name, os: DEBIAN, packages: [...base, ...packages], services: [ssh, ...vmServices] };
}

export interface DemoTenant {
  tenant: { id: string; name: string; provider: 'fake'; environmentRef: string; policy: { minSeverity: string; autoApply: boolean; replicaRetention: string } };
  environment: Record<string, unknown>;
  /** What the simulation is set up to show. */
  story: string;
}

function tenant(id: string, name: string, story: string, autoApply: boolean, retention: string, vms: unknown[], extra: Record<string, unknown> = {}): DemoTenant {
  return {
    tenant: { id, name, provider: 'fake', environmentRef: `${id}-prod`, policy: { minSeverity: 'medium', autoApply, replicaRetention: retention } },
    environment: { id: `${id}-prod`, seed: 7, ecosystem: 'Debian:12', vms, latencyMs: { replicate: 300, test: 20 }, failureRate: {}, faults: [], ...extra },
    story,
  };
}

export const DEMO_TENANTS: DemoTenant[] = [
  tenant('acme-shop', 'Acme web shop', 'web + PostgreSQL; the patch is fine; auto-apply is on', true, 'delete', [
    vm('web1', [...nginx], [services.nginx]), vm('db1', [...postgres], [services.postgresql]),
  ]),
  tenant('globex-erp', 'Globex ERP', 'MariaDB; the patch is fine; replica retained for the next patch', false, 'retain', [
    vm('db1', [...mariadb], [services.mariadb]),
  ]),
  tenant('initech-crm', 'Initech CRM', 'PostgreSQL that will not start with the new OpenSSL (simulated fault)', true, 'delete', [
    vm('db1', [...postgres], [services.postgresql]),
  ], { faults: [{ package: 'libssl3', fromVersion: '3.0.15-1~deb12u1', effect: 'service-down', service: 'postgresql' }] }),
  tenant('umbrella-portal', 'Umbrella portal', 'nginx + apache2 behind haproxy; the patch is fine', false, 'volumes', [
    vm('lb1', [...haproxy], [services.haproxy]), vm('web1', [...nginx], [services.nginx]), vm('web2', [...apache], [services.apache2]),
  ]),
  tenant('hooli-search', 'Hooli search', 'its cloud project cannot be replicated (simulated failure)', true, 'delete', [
    vm('db1', [...postgres], [services.postgresql]),
  ], { failureRate: { replicate: 1 } }),
];

export const DEMO_PATCH = {
  id: 'PP-DEMO-2026-001',
  title: 'Sample OpenSSL security update for Debian 12 (demo data)',
  severity: 'high',
  source: 'native',
  advisoryIds: ['PP-DEMO-2026-001'],
  packages: [
    { ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' },
    { ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1' },
  ],
};
