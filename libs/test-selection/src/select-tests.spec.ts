import { ReplicaSpec, SelectedTest, VmInventory } from '@patchproof/contracts';
import { catalogData, seedTest, seedVersion } from './catalogs/catalog-seed';
import { LITERATURE_CATALOG, LITERATURE_INVENTORIES } from './catalogs/literature-catalog';
import { DB_FUNCTION_GROUP_TESTS, STARTER_CATALOG } from './catalogs/starter-catalog';
import { TestCaseVersionRecord } from './test-case-model';
import { CatalogIndex } from './catalog-index';
import { selectTests, SelectionInput } from './select-tests';

const RUN_ID = '00000000-0000-4000-8000-000000000001';

function tenantTest(testId: string, tenantId: string, vmName: string | null): TestCaseVersionRecord {
  const base = seedVersion(seedTest(testId, 'software', 'unused', `app check ${testId}`, {
    definition: { kind: 'http', path: '/health', port: 8080, via: 'vm', expectStatus: 200, service: 'myapp' },
  }));
  return { ...base, tier: 'tenant', targetId: null, tenantId, vmName };
}

const starter = catalogData(STARTER_CATALOG);
const index = new CatalogIndex({
  ...starter,
  tests: [...starter.tests, tenantTest('t-acme-all', 'acme', null), tenantTest('t-acme-web1', 'acme', 'web1'), tenantTest('t-other', 'other', null)],
});

function vm(vmId: string, packages: Array<[string, string]>, services: VmInventory['services'] = []): VmInventory {
  return { vmId, os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' }, packages: packages.map(([name, version]) => ({ name, version })), services };
}

const DB1 = vm('vm-db1', [['base-files', '12.4+deb12u5'], ['postgresql-15', '15.8-0+deb12u1'], ['mariadb-server', '1:10.11.6-0+deb12u1']], [
  { name: 'postgresql', port: 5432 }, { name: 'mariadb', port: 3306 },
]);
const WEB1 = vm('vm-web1', [['base-files', '12.4+deb12u5'], ['nginx', '1.22.1-9']], [{ name: 'nginx', port: 80 }]);

function input(inventories: VmInventory[], overrides: Partial<SelectionInput> = {}): SelectionInput {
  const replica: ReplicaSpec = {
    replicaId: 'replica-1', provider: 'fake', reused: false,
    vms: [
      { vmId: 'vm-db1', name: 'db1', address: '10.0.0.11', osFamily: 'debian' },
      { vmId: 'vm-web1', name: 'web1', address: '10.0.0.12', osFamily: 'debian' },
    ],
    loadBalancers: [{ name: 'lb', address: '10.0.0.2', port: 8443 }],
  };
  return { runId: RUN_ID, tenantId: 'acme', credentialsRef: 'vault:acme', replica, inventories, ...overrides };
}

function find(tests: SelectedTest[], vmId: string, testId: string): SelectedTest {
  const found = tests.find((test) => test.vmId === vmId && test.testId === testId);
  if (!found) throw new Error(`${testId} not selected for ${vmId}`);
  return found;
}

describe('selectTests on the literature\'s evaluation catalog', () => {
  const literature = new CatalogIndex(catalogData(LITERATURE_CATALOG));
  const result = selectTests(literature, { ...input(LITERATURE_INVENTORIES), replica: { replicaId: 'r', provider: 'fake', reused: false, vms: [] } });

  it('selects 15 tests (10 function-group + 5 software-group) for each of the 12 DBMS VMs, 180 in all', () => {
    expect(LITERATURE_CATALOG.tests).toHaveLength(25);
    expect(LITERATURE_INVENTORIES).toHaveLength(12);
    for (const inventory of LITERATURE_INVENTORIES) {
      const tests = result.tests.filter((test) => test.vmId === inventory.vmId);
      expect({ vm: inventory.vmId, total: tests.length }).toEqual({ vm: inventory.vmId, total: 15 });
      expect(tests.filter((test) => test.tier === 'function-group')).toHaveLength(10);
      expect(tests.filter((test) => test.tier === 'software-group')).toHaveLength(5);
    }
    expect(result.tests).toHaveLength(180);
    // Nothing notable is unknown; each VM's remaining packages (OS and libraries) are counted, not listed.
    expect(result.unknownSoftware.filter((vm) => vm.packages.length > 0)).toEqual([]);
    expect(result.unknownSoftware.every((vm) => (vm.otherPackages ?? 0) > 0)).toBe(true);
  });

  it('picks each VM\'s own software group', () => {
    expect(find(result.tests, 'oracle-12-1-0-2', 'lit-oracle-instance-open').reason).toContain('Oracle Database 12c 12.1.0.2');
    expect(result.tests.filter((test) => test.vmId === 'postgresql-8-4-22' && test.testId.startsWith('lit-pg-'))).toHaveLength(5);
    expect(result.tests.filter((test) => test.vmId === 'mysql-4-1-22' && test.testId.startsWith('lit-pg-'))).toHaveLength(0);
  });
});

describe('selectTests', () => {
  it('orders by VM, then tier, then test id (then target), whatever the input order', () => {
    const forward = selectTests(index, input([DB1, WEB1])).tests;
    const reversed = selectTests(index, input([{ ...WEB1, packages: [...WEB1.packages].reverse() }, { ...DB1, packages: [...DB1.packages].reverse() }])).tests;
    expect(reversed).toEqual(forward);
    const keys = forward.map((test) => [test.vmId, ['function-group', 'software-group', 'software', 'tenant'].indexOf(test.tier), test.testId] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)));
    expect(keys).toEqual(sorted);
  });

  it('selects a test once per target: each DB function-group test against both DBMS of a VM, named by target', () => {
    const { tests } = selectTests(index, input([DB1]));
    const dbFunctionGroup = DB_FUNCTION_GROUP_TESTS.map((test) => test.id);
    for (const testId of dbFunctionGroup) {
      expect({ testId, targets: tests.filter((test) => test.testId === testId).map((test) => test.target) }).toEqual({ testId, targets: ['mariadb', 'postgresql-15'] });
    }
    const crud = tests.filter((test) => test.testId === 'db-sql-crud');
    expect(crud.map(({ target, reason, definition }) => ({ target, reason, engine: definition.engine, service: definition.service }))).toEqual([
      {
        target: 'mariadb', engine: 'mariadb', service: 'mariadb',
        reason: 'function-group DB (via software group MariaDB/MySQL): installed mariadb-server 1:10.11.6-0+deb12u1 (MariaDB); service mariadb:3306',
      },
      {
        target: 'postgresql-15', engine: 'postgresql', service: 'postgresql',
        reason: 'function-group DB (via software group PostgreSQL): installed postgresql-15 15.8-0+deb12u1 (PostgreSQL 15); service postgresql:5432',
      },
    ]);
    const others = tests.filter((test) => !dbFunctionGroup.includes(test.testId));
    expect(others.filter((test) => test.target !== undefined)).toEqual([]);
    expect(new Set(others.map((test) => test.testId)).size).toBe(others.length);
    for (const testId of ['pg-cluster-online', 'mysql-admin-ping', 'os-ssh-login', 'debian-apt-check']) expect(others.map((test) => test.testId)).toContain(testId);
    expect(tests).toHaveLength(others.length + 2 * dbFunctionGroup.length);
  });

  it('orders a test\'s targets after tier and test id, whatever the package order', () => {
    const reversed = selectTests(index, input([{ ...DB1, packages: [...DB1.packages].reverse() }])).tests;
    expect(reversed).toEqual(selectTests(index, input([DB1])).tests);
    const crud = reversed.findIndex((test) => test.testId === 'db-sql-crud');
    expect(reversed.slice(crud, crud + 3).map((test) => `${test.testId} ${test.target ?? ''}`)).toEqual([
      'db-sql-crud mariadb', 'db-sql-crud postgresql-15', 'db-tcp-connect mariadb',
    ]);
  });

  it('keeps one target for softwares that bind a test identically, naming every package that brought it in', () => {
    const twoPostgres = vm('vm-db1', [...DB1.packages.map((pkg): [string, string] => [pkg.name, pkg.version]), ['postgresql-16', '16.4-1.pgdg120+1'], ['openssh-server', '1:9.2p1-2+deb12u3']], [
      ...DB1.services, { name: 'sshd', port: 22 },
    ]);
    const { tests } = selectTests(index, input([twoPostgres]));
    const crud = tests.filter((test) => test.testId === 'db-sql-crud');
    expect(crud.map((test) => test.target)).toEqual(['mariadb', 'postgresql-15']);
    expect(crud[1].reason).toBe(
      'function-group DB (via software group PostgreSQL): installed postgresql-15 15.8-0+deb12u1 (PostgreSQL 15), postgresql-16 16.4-1.pgdg120+1 (PostgreSQL 16 and later (PGDG)); service postgresql:5432',
    );
    const login = tests.filter((test) => test.testId === 'os-ssh-login');
    expect(login).toHaveLength(1);
    expect(login[0].target).toBeUndefined();
    expect(login[0].reason).toBe(
      'function-group OS (via software group Debian): installed base-files 12.4+deb12u5 (Debian 12 (bookworm)), openssh-server 1:9.2p1-2+deb12u3 (OpenSSH server)',
    );
  });

  it('selects each test once, without a target, on a VM with one DBMS', () => {
    const postgres = vm('vm-db1', [['base-files', '12.4+deb12u5'], ['postgresql-15', '15.8-0+deb12u1']], [{ name: 'postgresql', port: 5432 }]);
    const { tests } = selectTests(index, input([postgres]));
    expect(tests.filter((test) => 'target' in test)).toEqual([]);
    expect(new Set(tests.map((test) => test.testId)).size).toBe(tests.length);
    expect(find(tests, 'vm-db1', 'db-sql-crud').reason).toBe(
      'function-group DB (via software group PostgreSQL): installed postgresql-15 15.8-0+deb12u1 (PostgreSQL 15); service postgresql:5432',
    );
    expect(find(tests, 'vm-db1', 'pg-cluster-online').reason).toBe('software-group PostgreSQL: installed postgresql-15 15.8-0+deb12u1 (PostgreSQL 15); service postgresql:5432');
    expect(find(tests, 'vm-db1', 'debian-apt-check').reason).toBe('software-group Debian: installed base-files 12.4+deb12u5 (Debian 12 (bookworm))');
  });

  it('is the union of the function-group, software-group and tenant tests of the VM', () => {
    const { tests } = selectTests(index, input([WEB1]));
    const ids = new Set(tests.map((test) => test.testId));
    for (const id of ['os-ssh-login', 'web-http-get-vm', 'debian-apt-check', 'nginx-config-test', 't-acme-all', 't-acme-web1']) expect(ids).toContain(id);
    for (const id of ['db-sql-crud', 'apache-configtest', 'pg-cluster-online', 't-other', 'web-tls-port']) expect(ids).not.toContain(id);
  });

  it('binds the definition: service, port, engine, run and VM parameters, prepare, baseline and threshold', () => {
    const { tests } = selectTests(index, input([DB1, WEB1]));
    const tcp = find(tests, 'vm-web1', 'web-tcp-connect');
    expect(tcp.definition).toMatchObject({ kind: 'tcp', service: 'nginx', port: 80 });
    const japanese = find(tests, 'vm-db1', 'db-japanese-text-roundtrip');
    expect(japanese.subject).toBe('data');
    expect(japanese.definition).toMatchObject({ kind: 'sql', engine: 'mariadb', service: 'mariadb', prepare: { kind: 'sql', engine: 'mariadb', service: 'mariadb' } });
    expect(japanese.definition.parameters).toMatchObject({
      runId: RUN_ID, tenantId: 'acme', vmId: 'vm-db1', vmName: 'db1', vmAddress: '10.0.0.11', credentialsRef: 'vault:acme',
      softwareId: 'mariadb', softwareVersion: '10.11.6', packageName: 'mariadb-server', packageVersion: '1:10.11.6-0+deb12u1', service: 'mariadb', servicePort: '3306',
    });
    const restart = find(tests, 'vm-db1', 'db-service-restart');
    expect(restart.definition).toMatchObject({ kind: 'ssh', service: 'mariadb' });
    expect((restart.definition.command as string[]).slice(-2)).toEqual(['mariadb', '3306']);
    const performance = find(tests, 'vm-db1', 'pg-select-loop-performance');
    expect(performance.definition).toMatchObject({ threshold: 1.5, baseline: { measure: 'stdout-number', unit: 'ms', samples: 3 }, service: 'postgresql' });
    const log = find(tests, 'vm-web1', 'os-log-write');
    expect((log.definition.command as string[]).at(-1)).toBe(`probe-${RUN_ID}`);
  });

  it('tests web servers through the load balancer, or directly when the replica has none', () => {
    const withBalancer = find(selectTests(index, input([WEB1])).tests, 'vm-web1', 'web-http-get-load-balancer');
    expect(withBalancer.definition).toMatchObject({ via: 'load-balancer', port: 8443, parameters: { loadBalancerAddress: '10.0.0.2', loadBalancerPort: '8443' } });
    const plain = input([WEB1]);
    const without = find(selectTests(index, { ...plain, replica: { ...plain.replica, loadBalancers: [] } }).tests, 'vm-web1', 'web-http-get-load-balancer');
    expect(without.definition).toMatchObject({ via: 'vm', port: 80 });
    expect(without.reason).toContain('no load balancer in the replica: via the VM');
  });

  it('selects TLS tests only where the VM listens on 443', () => {
    const tls = { ...WEB1, services: [...WEB1.services, { name: 'nginx', port: 443 }] };
    const ids = selectTests(index, input([tls])).tests.map((test) => test.testId);
    expect(ids).toEqual(expect.arrayContaining(['web-tls-port', 'web-tls-handshake']));
  });

  it('selects tenant tests only for their tenant, and VM-bound ones only for that VM', () => {
    const acme = selectTests(index, input([DB1, WEB1])).tests.filter((test) => test.tier === 'tenant');
    expect(acme.map((test) => `${test.vmId}:${test.testId}`)).toEqual(['vm-db1:t-acme-all', 'vm-web1:t-acme-all', 'vm-web1:t-acme-web1']);
    expect(acme[2].reason).toBe('tenant acme test for VM web1; service myapp');
    const other = selectTests(index, input([DB1], { tenantId: 'other' })).tests.filter((test) => test.tier === 'tenant');
    expect(other.map((test) => test.testId)).toEqual(['t-other']);
  });

  it('says what it could not bind', () => {
    const quiet = { ...WEB1, services: [] };
    const tcp = find(selectTests(index, input([quiet])).tests, 'vm-web1', 'web-tcp-connect');
    expect(tcp.definition.port).toBeUndefined();
    expect(tcp.reason).toContain('unbound: port');
  });

  it('reports unknown software per VM', () => {
    const odd = { ...WEB1, packages: [...WEB1.packages, { name: 'tomcat10', version: '10.1.6-1' }] };
    expect(selectTests(index, input([odd])).unknownSoftware).toEqual([{ vmId: 'vm-web1', packages: ['tomcat10 10.1.6-1'], otherPackages: 0 }]);
  });

  it('counts the unrecognised packages it does not list, so none is dropped unseen', () => {
    const withTools = { ...WEB1, packages: [...WEB1.packages, { name: 'libfoo1', version: '1.0-1' }, { name: 'jq', version: '1.6-2.1' }] };
    expect(selectTests(index, input([withTools])).unknownSoftware).toEqual([{ vmId: 'vm-web1', packages: [], otherPackages: 2 }]);
  });
});
