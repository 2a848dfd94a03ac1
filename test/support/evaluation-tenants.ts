import { E2ePlatform } from './platform';

/*
 * The literature's evaluation (Yamato 2015): 12 tenants, each with one DBMS VM on a different DBMS
 * version. Their VMs run one fake OS ("FakeOS 1", OS family `unknown`, so no starter-catalog
 * software matches it) whose packages the simulated cloud versions and patches in the `Debian:12`
 * ecosystem (dpkg order). Package names, versions and services follow the evaluation catalog
 * (`LITERATURE_CATALOG` in @patchproof/test-selection): `mysql-server` / `postgresql-server` /
 * `oracle-database-server`, services `mysql`, `postgresql`, `oracle`.
 */

export const EVALUATION_ECOSYSTEM = 'Debian:12';
const FAKE_OS = { family: 'unknown', name: 'FakeOS', version: '1' };
const OS_PACKAGES = [
  { name: 'fakeos-base', version: '1.0-3' },
  { name: 'fakeos-kernel', version: '3.10.0-1' },
  { name: 'libc', version: '2.17-1' },
  { name: 'coreutils', version: '8.22-2' },
];

export interface EvaluationTenant {
  id: string;
  dbms: 'MySQL' | 'PostgreSQL' | 'Oracle';
  /** The version as the literature names it. */
  version: string;
  package: string;
  packageVersion: string;
  service: string;
  port: number;
}

function tenant(dbms: EvaluationTenant['dbms'], version: string, packageVersion: string): EvaluationTenant {
  const server = { MySQL: ['mysql-server', 'mysql', 3306], PostgreSQL: ['postgresql-server', 'postgresql', 5432], Oracle: ['oracle-database-server', 'oracle', 1521] } as const;
  const [pkg, service, port] = server[dbms];
  return { id: `eval-${dbms.toLowerCase()}-${version.replace(/\./g, '-')}`, dbms, version, package: pkg, packageVersion, service, port };
}

export const EVALUATION_TENANTS: EvaluationTenant[] = [
  tenant('MySQL', '4.1', '4.1.22-1'), tenant('MySQL', '5.1', '5.1.73-8'), tenant('MySQL', '5.5', '5.5.62-1'), tenant('MySQL', '5.6', '5.6.51-1'),
  tenant('PostgreSQL', '8.4', '8.4.22-1'), tenant('PostgreSQL', '9.1', '9.1.24-1'), tenant('PostgreSQL', '9.2', '9.2.24-1'), tenant('PostgreSQL', '9.3', '9.3.25-1'),
  tenant('Oracle', '11.1', '11.1.0.7-1'), tenant('Oracle', '11.2', '11.2.0.4-1'), tenant('Oracle', '12.1.0.1', '12.1.0.1-1'), tenant('Oracle', '12.1.0.2', '12.1.0.2-1'),
];

/** One patch to the OS every evaluation tenant shares: its C library. */
export const EVALUATION_PATCH = {
  id: 'PP-EVAL-LIBC-1',
  title: 'FakeOS C library update (literature evaluation)',
  severity: 'high',
  source: 'native',
  advisoryIds: [],
  packages: [{ ecosystem: EVALUATION_ECOSYSTEM, name: 'libc', fixedVersion: '2.17-2' }],
};

/** The simulated environment, the tenant that owns it and its subscription to the fake OS's patches. */
export async function addEvaluationTenant(platform: E2ePlatform, tenant: EvaluationTenant): Promise<void> {
  const environment = {
    id: `${tenant.id}-env`, seed: 2015, ecosystem: EVALUATION_ECOSYSTEM,
    vms: [{
      name: 'db', os: FAKE_OS,
      packages: [...OS_PACKAGES, { name: tenant.package, version: tenant.packageVersion }],
      services: [{ name: tenant.service, port: tenant.port, packages: [tenant.package, 'libc'] }],
    }],
    latencyMs: {}, failureRate: {}, faults: [],
  };
  await expectOk(platform.api('replicator', 'POST', '/fake/environments', environment));
  await expectOk(platform.api('patch-intake', 'POST', '/tenants', {
    id: tenant.id, name: `${tenant.dbms} ${tenant.version} tenant`, provider: 'fake', environmentRef: environment.id,
    policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' },
  }));
  await expectOk(platform.api('patch-intake', 'POST', `/tenants/${tenant.id}/subscriptions`, { ecosystem: EVALUATION_ECOSYSTEM }));
}

async function expectOk(pending: Promise<{ status: number; body: unknown }>): Promise<void> {
  const response = await pending;
  if (response.status >= 300) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
}
