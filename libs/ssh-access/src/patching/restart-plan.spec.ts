import { configFiles, decideRestarts, normalizePath, ProcessInfo, RestartInputs } from './restart-plan';

const LIB = '/usr/lib/x86_64-linux-gnu';
const LIBC = [`${LIB}/libc.so.6`, `${LIB}/ld-linux-x86-64.so.2`];

/** dpkg -L libssl3 (Debian 12, 3.0.15-1~deb12u1), as listed after the upgrade. */
const LIBSSL3_FILES = [
  '/.', '/usr', '/usr/lib', LIB, `${LIB}/engines-3`, `${LIB}/engines-3/afalg.so`, `${LIB}/engines-3/loader_attic.so`,
  `${LIB}/engines-3/padlock.so`, `${LIB}/libcrypto.so.3`, `${LIB}/libssl.so.3`, `${LIB}/ossl-modules`, `${LIB}/ossl-modules/legacy.so`,
  '/usr/share', '/usr/share/doc', '/usr/share/doc/libssl3', '/usr/share/doc/libssl3/changelog.Debian.gz', '/usr/share/doc/libssl3/copyright',
];

/** dpkg -L nginx-common: configuration and web root only. */
const NGINX_COMMON_FILES = [
  '/.', '/etc', '/etc/default', '/etc/default/nginx', '/etc/init.d', '/etc/init.d/nginx', '/etc/logrotate.d', '/etc/logrotate.d/nginx',
  '/etc/nginx', '/etc/nginx/conf.d', '/etc/nginx/fastcgi.conf', '/etc/nginx/mime.types', '/etc/nginx/nginx.conf', '/etc/nginx/sites-available',
  '/etc/nginx/sites-available/default', '/usr', '/usr/share', '/usr/share/nginx', '/usr/share/nginx/html', '/usr/share/nginx/html/index.html',
];

function proc(pid: number, ppid: number, exe: string, maps: string[] = LIBC, unit?: string): ProcessInfo {
  return { pid, ppid, exe, maps: [exe, ...maps], ...(unit ? { unit } : {}) };
}

/** A namespace VM of the local provider: tini, pp-init, and the daemons pp-service started (pid files give the main pids). */
const NAMESPACE_VM: ProcessInfo[] = [
  proc(1, 0, '/usr/bin/tini'),
  proc(7, 1, '/usr/bin/dash'),
  proc(31, 1, '/usr/sbin/sshd', [...LIBC, `${LIB}/libcrypto.so.3`, `${LIB}/libz.so.1.2.13`]),
  proc(40, 1, '/usr/lib/postgresql/15/bin/postgres', [...LIBC, `${LIB}/libssl.so.3 (deleted)`, `${LIB}/libcrypto.so.3 (deleted)`]),
  proc(41, 40, '/usr/lib/postgresql/15/bin/postgres', [...LIBC, `${LIB}/libssl.so.3 (deleted)`]),
  proc(50, 1, '/usr/sbin/nginx', [...LIBC, `${LIB}/libssl.so.3`, `${LIB}/libcrypto.so.3`, `${LIB}/libpcre2-8.so.0.11.2`]),
  proc(51, 50, '/usr/sbin/nginx', [...LIBC, `${LIB}/libssl.so.3`]),
  proc(60, 1, '/usr/sbin/mariadbd', [...LIBC, `${LIB}/libz.so.1.2.13`]),
  proc(70, 31, '/usr/sbin/sshd', [...LIBC, `${LIB}/libcrypto.so.3`]),
  proc(71, 70, '/usr/bin/dash'),
  proc(72, 71, '/usr/bin/openssl', [...LIBC, `${LIB}/libssl.so.3`]),
  proc(90, 1, '/opt/acme/bin/acme-agent', [...LIBC, `${LIB}/libssl.so.3 (deleted)`]),
];

const MAIN_PIDS = new Map([[31, 'ssh'], [40, 'postgresql'], [50, 'nginx'], [60, 'mariadb']]);

function inputs(overrides: Partial<RestartInputs>): RestartInputs {
  return { changedFiles: new Map(), processes: NAMESPACE_VM, manager: 'pp-service', serviceMainPids: MAIN_PIDS, exeOwners: new Map(), sources: new Map(), self: 71, ...overrides };
}

describe('decideRestarts', () => {
  it('restarts every pp-service service one of whose processes maps the changed OpenSSL libraries, nothing else', () => {
    const decision = decideRestarts(inputs({ changedFiles: new Map([['libssl3', LIBSSL3_FILES]]) }));
    expect(decision.reboot).toBeUndefined();
    expect(decision.services).toEqual([
      { name: 'nginx', because: `pid 50: maps ${LIB}/libssl.so.3 (libssl3)` },
      { name: 'postgresql', because: `pid 40: maps ${LIB}/libssl.so.3 (libssl3)` },
      { name: 'ssh', because: `pid 31: maps ${LIB}/libcrypto.so.3 (libssl3)` },
    ]);
  });

  it('reports a process outside every service instead of restarting it, and ignores its own scan', () => {
    const decision = decideRestarts(inputs({ changedFiles: new Map([['libssl3', LIBSSL3_FILES]]) }));
    expect(decision.unmanaged).toEqual([{ pid: 90, exe: '/opt/acme/bin/acme-agent', because: `maps ${LIB}/libssl.so.3 (libssl3)` }]);
  });

  it('restarts a service whose executable changed, matching merged-/usr spellings', () => {
    const zlib = ['/.', '/lib', '/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu/libz.so.1.2.13', '/lib/x86_64-linux-gnu/libz.so.1'];
    expect(decideRestarts(inputs({ changedFiles: new Map([['zlib1g', zlib]]) })).services.map((service) => service.name)).toEqual(['mariadb', 'ssh']);
    const mariadb = ['/usr/sbin/mariadbd', '/usr/share/man/man8/mariadbd.8.gz'];
    expect(decideRestarts(inputs({ changedFiles: new Map([['mariadb-server-core', mariadb]]) })).services).toEqual([
      { name: 'mariadb', because: 'pid 60: executable /usr/sbin/mariadbd (mariadb-server-core)' },
    ]);
  });

  it('restarts a systemd unit whose configuration package shares a source package with its executable\'s package', () => {
    const processes = [
      proc(1, 0, '/usr/lib/systemd/systemd', LIBC, undefined),
      proc(812, 1, '/usr/sbin/nginx', LIBC, 'nginx.service'),
      proc(813, 812, '/usr/sbin/nginx', LIBC, 'nginx.service'),
      proc(900, 1, '/usr/sbin/apache2', LIBC, 'apache2.service'),
      proc(950, 1, '/usr/sbin/cron', LIBC, 'cron.service'),
    ];
    const decision = decideRestarts(inputs({
      manager: 'systemd', processes, serviceMainPids: new Map(), self: undefined,
      changedFiles: new Map([['nginx-common', NGINX_COMMON_FILES]]),
      exeOwners: new Map([['/usr/sbin/nginx', 'nginx'], ['/usr/sbin/apache2', 'apache2-bin'], ['/usr/sbin/cron', 'cron']]),
      sources: new Map([['nginx-common', 'nginx'], ['nginx', 'nginx'], ['apache2-bin', 'apache2'], ['cron', 'cron']]),
    }));
    expect(decision.services).toEqual([{ name: 'nginx', because: 'pid 812: configuration /etc/default/nginx (nginx-common, same source as nginx which provides /usr/sbin/nginx)' }]);
    expect(decision.unmanaged).toEqual([]);
  });

  it('reboots for a new kernel or C library, whatever else changed', () => {
    const decision = decideRestarts(inputs({ changedFiles: new Map([['libc6', ['/lib/x86_64-linux-gnu/libc.so.6']], ['libssl3', LIBSSL3_FILES], ['linux-image-6.1.0-37-amd64', ['/boot/vmlinuz-6.1.0-37-amd64']]]) }));
    expect(decision).toEqual({ reboot: { because: ['libc6', 'linux-image-6.1.0-37-amd64'] }, services: [], unmanaged: [] });
  });

  it('restarts nothing when no process uses a changed file', () => {
    expect(decideRestarts(inputs({ changedFiles: new Map([['tzdata', ['/usr/share/zoneinfo/Europe/Berlin']]]) }))).toEqual({ services: [], unmanaged: [] });
  });

  it('without a service manager, lists the affected processes as unmanaged', () => {
    const decision = decideRestarts(inputs({ manager: 'none', changedFiles: new Map([['libssl3', LIBSSL3_FILES]]) }));
    expect(decision.services).toEqual([]);
    expect(decision.unmanaged.map((process) => process.pid)).toEqual([31, 40, 41, 50, 51, 70, 90]);
  });
});

describe('normalizePath and configFiles', () => {
  it('drops the kernel\'s "(deleted)" mark and spells merged-/usr paths under /usr', () => {
    expect(normalizePath(`${LIB}/libssl.so.3 (deleted)`)).toBe(`${LIB}/libssl.so.3`);
    expect(normalizePath('/lib/x86_64-linux-gnu/libc.so.6')).toBe('/usr/lib/x86_64-linux-gnu/libc.so.6');
    expect(normalizePath('/sbin/sshd')).toBe('/usr/sbin/sshd');
    expect(normalizePath('/etc/nginx/nginx.conf')).toBe('/etc/nginx/nginx.conf');
  });

  it('keeps files under /etc, not the directories dpkg lists with them (an empty directory looks like a file)', () => {
    expect(configFiles(NGINX_COMMON_FILES)).toEqual([
      '/etc/default/nginx', '/etc/init.d/nginx', '/etc/logrotate.d/nginx', '/etc/nginx/conf.d', '/etc/nginx/fastcgi.conf', '/etc/nginx/mime.types',
      '/etc/nginx/nginx.conf', '/etc/nginx/sites-available/default',
    ]);
    expect(configFiles(LIBSSL3_FILES)).toEqual([]);
  });
});
