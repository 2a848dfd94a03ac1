import { VmInventory } from '@patchproof/contracts';
import { SoftwareRecord } from '../catalog-model';
import { CatalogSeed, SeedTest, seedTest, shell } from './catalog-seed';
import { DB_FUNCTION_GROUP_TESTS, MARIADB_MYSQL_TESTS, POSTGRESQL_TESTS } from './starter-catalog';

/*
 * The evaluation catalog of the method's publication (Yamato 2015): 25 prepared tests — 10 for the
 * DB function group, 5 each for the MySQL, PostgreSQL and Oracle software groups, none per software
 * — covering 12 tenants on 12 DBMS versions (15 tests each, 180 in all). Its simulated VMs run a
 * fake OS (family "unknown") whose package names and versions are defined here. The evaluation's
 * real variant runs on Debian 12 VMs (the local driver), so the MySQL and PostgreSQL groups also
 * know the releases Debian 12 ships: MariaDB 10.11 (Debian's MySQL) and PostgreSQL 15. Debian
 * ships no Oracle. Seeded only when the test-selector runs with TEST_CATALOG=evaluation
 * (reproducing the evaluation), never by migrations.
 */

function retarget(tests: SeedTest[], count: number, targetId: string): SeedTest[] {
  return tests.slice(0, count).map((test) => ({ ...test, id: `lit-${test.id}`, targetId }));
}

function sqlplus(statement: string, expectStdout: string): SeedTest['definition'] {
  return { kind: 'ssh', service: '{{service}}', command: shell('printf "%s\\n" "$1" | sqlplus -S / as sysdba', statement), expectExit: 0, expectStdout };
}

const ORACLE_TESTS: SeedTest[] = [
  seedTest('lit-oracle-listener', 'software-group', 'lit-oracle', 'Listener status', {
    definition: { kind: 'ssh', service: '{{service}}', command: ['lsnrctl', 'status'], expectExit: 0, expectStdout: 'The command completed successfully' },
  }),
  seedTest('lit-oracle-select-dual', 'software-group', 'lit-oracle', 'SELECT FROM dual', { definition: sqlplus('SELECT 42 AS answer FROM dual;', '42') }),
  seedTest('lit-oracle-instance-open', 'software-group', 'lit-oracle', 'Instance is OPEN', { definition: sqlplus('SELECT status FROM v$instance;', 'OPEN') }),
  seedTest('lit-oracle-tablespaces-online', 'software-group', 'lit-oracle', 'Every tablespace is online', {
    definition: sqlplus("SELECT tablespace_name FROM dba_tablespaces WHERE status <> 'ONLINE';", 'no rows selected'),
  }),
  seedTest('lit-oracle-listener-port', 'software-group', 'lit-oracle', 'Listener port accepts connections', { definition: { kind: 'tcp', service: '{{service}}', port: 1521 } }),
];

function fakeOs(id: string, group: string, name: string, range: string, pkg: string, services: string[], sqlEngine: SoftwareRecord['sqlEngine']): SoftwareRecord {
  return { id, softwareGroupId: group, name, vendor: name.split(' ')[0], versionRange: range, packagePatterns: { unknown: [pkg] }, services, sqlEngine };
}

function debian12(id: string, group: string, name: string, range: string, pkg: string, services: string[], sqlEngine: SoftwareRecord['sqlEngine']): SoftwareRecord {
  return { id, softwareGroupId: group, name, vendor: name.split(' ')[0], versionRange: range, packagePatterns: { debian: [pkg] }, services, sqlEngine };
}

const MYSQL_SERVICES = ['mysql', 'mysqld'];
const POSTGRES_SERVICES = ['postgresql', 'postgres'];
const ORACLE_SERVICES = ['oracle', 'tnslsnr'];

export const LITERATURE_CATALOG: CatalogSeed = {
  functionGroups: [{ id: 'lit-db', name: 'DB (literature evaluation)', description: 'Yamato 2015, evaluation' }],
  softwareGroups: [
    { id: 'lit-mysql', name: 'MySQL (literature evaluation)', description: '', functionGroupIds: ['lit-db'] },
    { id: 'lit-postgresql', name: 'PostgreSQL (literature evaluation)', description: '', functionGroupIds: ['lit-db'] },
    { id: 'lit-oracle', name: 'Oracle (literature evaluation)', description: '', functionGroupIds: ['lit-db'] },
  ],
  software: [
    fakeOs('lit-mysql-4.1', 'lit-mysql', 'MySQL 4.1', '>=4.1 <4.2', 'mysql-server', MYSQL_SERVICES, 'mariadb'),
    fakeOs('lit-mysql-5.1', 'lit-mysql', 'MySQL 5.1', '>=5.1 <5.2', 'mysql-server', MYSQL_SERVICES, 'mariadb'),
    fakeOs('lit-mysql-5.5', 'lit-mysql', 'MySQL 5.5', '>=5.5 <5.6', 'mysql-server', MYSQL_SERVICES, 'mariadb'),
    fakeOs('lit-mysql-5.6', 'lit-mysql', 'MySQL 5.6', '>=5.6 <5.7', 'mysql-server', MYSQL_SERVICES, 'mariadb'),
    fakeOs('lit-postgresql-8.4', 'lit-postgresql', 'PostgreSQL 8.4', '>=8.4 <8.5', 'postgresql-server', POSTGRES_SERVICES, 'postgresql'),
    fakeOs('lit-postgresql-9.1', 'lit-postgresql', 'PostgreSQL 9.1', '>=9.1 <9.2', 'postgresql-server', POSTGRES_SERVICES, 'postgresql'),
    fakeOs('lit-postgresql-9.2', 'lit-postgresql', 'PostgreSQL 9.2', '>=9.2 <9.3', 'postgresql-server', POSTGRES_SERVICES, 'postgresql'),
    fakeOs('lit-postgresql-9.3', 'lit-postgresql', 'PostgreSQL 9.3', '>=9.3 <9.4', 'postgresql-server', POSTGRES_SERVICES, 'postgresql'),
    // Oracle has no SQL engine the runner speaks: its tests go through sqlplus over SSH.
    fakeOs('lit-oracle-11.1', 'lit-oracle', 'Oracle Database 11g R1', '>=11.1 <11.2', 'oracle-database-server', ORACLE_SERVICES, null),
    fakeOs('lit-oracle-11.2', 'lit-oracle', 'Oracle Database 11g R2', '>=11.2 <11.3', 'oracle-database-server', ORACLE_SERVICES, null),
    fakeOs('lit-oracle-12.1.0.1', 'lit-oracle', 'Oracle Database 12c 12.1.0.1', '>=12.1.0.1 <12.1.0.2', 'oracle-database-server', ORACLE_SERVICES, null),
    fakeOs('lit-oracle-12.1.0.2', 'lit-oracle', 'Oracle Database 12c 12.1.0.2', '>=12.1.0.2 <12.2', 'oracle-database-server', ORACLE_SERVICES, null),
    debian12('lit-mariadb-10.11', 'lit-mysql', 'MariaDB 10.11 (Debian 12)', '>=10.11 <10.12', 'mariadb-server', ['mariadb', 'mariadbd', ...MYSQL_SERVICES], 'mariadb'),
    debian12('lit-postgresql-15', 'lit-postgresql', 'PostgreSQL 15 (Debian 12)', '>=15 <16', 'postgresql-15', POSTGRES_SERVICES, 'postgresql'),
  ],
  tests: [
    ...retarget(DB_FUNCTION_GROUP_TESTS, 10, 'lit-db'),
    ...retarget(MARIADB_MYSQL_TESTS, 5, 'lit-mysql'),
    ...retarget(POSTGRESQL_TESTS, 5, 'lit-postgresql'),
    ...ORACLE_TESTS,
  ],
};

const FAKE_OS_BASE = [
  { name: 'fakeos-base', version: '1.0-3' },
  { name: 'fakeos-kernel', version: '3.10.0-1' },
  { name: 'libc', version: '2.17-1' },
  { name: 'coreutils', version: '8.22-2' },
];

const DBMS_VERSIONS: Array<[string, string, string, number]> = [
  ['mysql', 'mysql-server', '4.1.22-1', 3306], ['mysql', 'mysql-server', '5.1.73-8', 3306],
  ['mysql', 'mysql-server', '5.5.62-1', 3306], ['mysql', 'mysql-server', '5.6.51-1', 3306],
  ['postgresql', 'postgresql-server', '8.4.22-1', 5432], ['postgresql', 'postgresql-server', '9.1.24-1', 5432],
  ['postgresql', 'postgresql-server', '9.2.24-1', 5432], ['postgresql', 'postgresql-server', '9.3.25-1', 5432],
  ['oracle', 'oracle-database-server', '11.1.0.7-1', 1521], ['oracle', 'oracle-database-server', '11.2.0.4-1', 1521],
  ['oracle', 'oracle-database-server', '12.1.0.1-1', 1521], ['oracle', 'oracle-database-server', '12.1.0.2-1', 1521],
];

/** The 12 evaluation tenants' DB VMs: one DBMS version each, on the fake OS. */
export const LITERATURE_INVENTORIES: VmInventory[] = DBMS_VERSIONS.map(([service, pkg, version, port]) => ({
  vmId: `${service}-${version.split('-')[0].replace(/\./g, '-')}`,
  os: { family: 'unknown', name: 'FakeOS', version: '1' },
  packages: [...FAKE_OS_BASE, { name: pkg, version }],
  services: [{ name: service, port }],
}));
