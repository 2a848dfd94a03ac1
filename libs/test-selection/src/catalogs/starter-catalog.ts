import { SoftwareRecord } from '../catalog-model';
import { CatalogSeed, SeedTest, seedTest, shell } from './catalog-seed';
import { ssh } from './starter-common';
import { DB_FUNCTION_GROUP_TESTS, MARIADB_MYSQL_TESTS, POSTGRESQL_TESTS } from './starter-db-tests';
import { APACHE_TESTS, HAPROXY_TESTS, NGINX_TESTS, WEB_FUNCTION_GROUP_TESTS } from './starter-web-tests';

/*
 * The starter catalog: what a fresh installation can verify out of the box on Debian VMs, including
 * the local provider's minimal namespace VMs (no systemd, no curl; starter-scripts.ts). Upper-tier
 * tests (function group, software group) are written once and bound at selection time to the
 * installed software ({{service}}, {{servicePort}}, the SQL engine). Local tests assume the runner's
 * SSH user may administer the services (root, as on the replica the platform owns).
 */

export { DB_FUNCTION_GROUP_TESTS, MARIADB_MYSQL_TESTS, POSTGRESQL_TESTS } from './starter-db-tests';
export { APACHE_TESTS, HAPROXY_TESTS, NGINX_TESTS, WEB_FUNCTION_GROUP_TESTS } from './starter-web-tests';

/** Every enabled service running: pp-service's list on namespace VMs, systemd's failed units elsewhere. */
const SERVICES_RUNNING = `if [ -x /usr/local/sbin/pp-service ]; then
  out=$(/usr/local/sbin/pp-service status-all) || exit 1
  printf '%s\\n' "$out"
  ! printf '%s\\n' "$out" | grep -v -e ' running$' -e '^$'
else
  failed=$(systemctl --failed --no-legend --plain) || exit 1
  [ -z "$failed" ] || { printf '%s\\n' "$failed"; exit 1; }
fi`;

/** Programs whose shared libraries the dynamic loader cannot find (a half-applied library update). */
const MISSING_LIBRARIES = `n=0
for f in /usr/bin/* /usr/sbin/*; do
  [ -f "$f" ] && [ -x "$f" ] || continue
  missing=$(ldd "$f" 2>/dev/null | grep 'not found') && { printf '%s: %s\\n' "$f" "$missing"; n=$((n + 1)); }
done
[ "$n" -eq 0 ] && echo "every program in /usr/bin and /usr/sbin finds its libraries"`;

export const OS_FUNCTION_GROUP_TESTS: SeedTest[] = [
  seedTest('os-ssh-login', 'function-group', 'os', 'SSH login and command execution', { definition: ssh(['true'], { expectExit: 0 }, null) }),
  seedTest('os-disk-writable', 'function-group', 'os', 'Temporary files can be written and read', {
    definition: ssh(shell('f=$(mktemp) && echo patchproof > "$f" && cat "$f" && rm -f "$f"'), { expectStdout: '^patchproof\\s*$' }, null),
  }),
  seedTest('os-log-write', 'function-group', 'os', 'Log files can be appended', {
    description: 'A line appended to a file under /var/log reads back.',
    definition: ssh(shell(
      'f=/var/log/patchproof-probe.log; printf "%s\\n" "$1" >> "$f" && grep -qxF -- "$1" "$f" && rm -f -- "$f" && echo "appended $1"',
      'probe-{{runId}}',
    ), { expectExit: 0 }, null),
  }),
  seedTest('os-services-running', 'function-group', 'os', 'Every enabled service is running', {
    description: 'pp-service status-all on namespace VMs; no failed systemd unit elsewhere.',
    definition: ssh(shell(SERVICES_RUNNING), { expectExit: 0 }, null),
  }),
  seedTest('os-name-resolution', 'function-group', 'os', 'Name resolution works', { definition: ssh(['getent', 'hosts', 'localhost'], { expectExit: 0 }, null) }),
];

export const DEBIAN_TESTS: SeedTest[] = [
  seedTest('debian-apt-check', 'software-group', 'debian', 'APT dependency check', { definition: ssh(['apt-get', 'check'], { expectExit: 0 }, null) }),
  seedTest('debian-dpkg-audit', 'software-group', 'debian', 'No half-installed packages', {
    definition: ssh(['dpkg', '--audit'], { expectExit: 0, expectStdout: '^\\s*$' }, null),
  }),
  seedTest('debian-release', 'software-group', 'debian', 'Debian release is readable', {
    definition: ssh(['cat', '/etc/debian_version'], { expectExit: 0, expectStdout: '^[0-9]+(\\.[0-9]+)?\\s*$' }, null),
  }),
  seedTest('debian-shared-libraries', 'software-group', 'debian', 'Every program finds its shared libraries', {
    description: 'ldd over /usr/bin and /usr/sbin: fails when an update left a program without a library it links.',
    definition: ssh(shell(MISSING_LIBRARIES), { expectExit: 0 }, null),
    timeoutMs: 120_000,
  }),
  seedTest('debian-sshd-config', 'software-group', 'debian', 'sshd configuration is valid', { definition: ssh(['sshd', '-t'], { expectExit: 0 }, null) }),
  seedTest('debian-nss-users', 'software-group', 'debian', 'User database lookups work', {
    definition: ssh(['getent', 'passwd', 'root'], { expectExit: 0, expectStdout: '^root:' }, null),
  }),
];

function software(id: string, softwareGroupId: string, name: string, vendor: string, versionRange: string, debian: string[], services: string[], sqlEngine: SoftwareRecord['sqlEngine'] = null): SoftwareRecord {
  return { id, softwareGroupId, name, vendor, versionRange, packagePatterns: { debian }, services, sqlEngine };
}

export const STARTER_CATALOG: CatalogSeed = {
  functionGroups: [
    { id: 'os', name: 'OS', description: 'The operating system itself' },
    { id: 'db', name: 'DB', description: 'Database servers' },
    { id: 'web', name: 'Web', description: 'Web servers and reverse proxies' },
  ],
  softwareGroups: [
    { id: 'debian', name: 'Debian', description: 'Debian GNU/Linux', functionGroupIds: ['os'] },
    { id: 'postgresql', name: 'PostgreSQL', description: '', functionGroupIds: ['db'] },
    { id: 'mariadb-mysql', name: 'MariaDB/MySQL', description: 'MariaDB and MySQL servers (MySQL protocol)', functionGroupIds: ['db'] },
    { id: 'nginx', name: 'nginx', description: '', functionGroupIds: ['web'] },
    { id: 'apache-httpd', name: 'Apache httpd', description: '', functionGroupIds: ['web'] },
    // No function group of its own yet: the load balancer's tests are its software group's.
    { id: 'haproxy', name: 'HAProxy', description: 'HAProxy TCP/HTTP load balancer', functionGroupIds: [] },
  ],
  software: [
    software('debian-11', 'debian', 'Debian 11 (bullseye)', 'Debian', '>=11 <12', ['base-files'], []),
    software('debian-12', 'debian', 'Debian 12 (bookworm)', 'Debian', '>=12 <13', ['base-files'], []),
    software('debian-13', 'debian', 'Debian 13 (trixie)', 'Debian', '>=13 <14', ['base-files'], []),
    software('openssh-server', 'debian', 'OpenSSH server', 'OpenBSD', '*', ['openssh-server'], ['ssh', 'sshd']),
    software('postgresql-13', 'postgresql', 'PostgreSQL 13', 'PostgreSQL Global Development Group', '>=13 <14', ['postgresql-13'], ['postgresql', 'postgres'], 'postgresql'),
    software('postgresql-15', 'postgresql', 'PostgreSQL 15', 'PostgreSQL Global Development Group', '>=15 <16', ['postgresql-15'], ['postgresql', 'postgres'], 'postgresql'),
    software('postgresql-16-plus', 'postgresql', 'PostgreSQL 16 and later (PGDG)', 'PostgreSQL Global Development Group', '>=16', ['^postgresql-[0-9]+$'], ['postgresql', 'postgres'], 'postgresql'),
    software('mariadb', 'mariadb-mysql', 'MariaDB', 'MariaDB Foundation', '>=10.3', ['^mariadb-server(-[0-9.]+)?$'], ['mariadb', 'mariadbd', 'mysql', 'mysqld'], 'mariadb'),
    software('mysql', 'mariadb-mysql', 'MySQL', 'Oracle', '>=8.0', ['^mysql-(community-)?server$'], ['mysql', 'mysqld'], 'mariadb'),
    software('nginx', 'nginx', 'nginx', 'F5 / nginx', '>=1.18', ['nginx', '^nginx-(core|light|full|extras)$'], ['nginx']),
    software('apache-httpd-2.4', 'apache-httpd', 'Apache httpd 2.4', 'Apache Software Foundation', '>=2.4 <2.5', ['apache2'], ['apache2', 'httpd']),
    software('haproxy', 'haproxy', 'HAProxy', 'HAProxy Technologies', '>=2.0', ['haproxy'], ['haproxy']),
  ],
  tests: [
    ...OS_FUNCTION_GROUP_TESTS, ...DB_FUNCTION_GROUP_TESTS, ...WEB_FUNCTION_GROUP_TESTS,
    ...DEBIAN_TESTS, ...POSTGRESQL_TESTS, ...MARIADB_MYSQL_TESTS, ...NGINX_TESTS, ...APACHE_TESTS, ...HAPROXY_TESTS,
  ],
};
