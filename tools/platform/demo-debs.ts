import { BuiltDeb, buildDebPackage, DebPackageSpec } from '@patchproof/local-vm';
import { TenantDeb } from './local-site';

/*
 * The local demo's software, built as real .deb files at run time with dpkg-deb (nothing binary is
 * committed). Each tenant runs version 1.0 of its packages; the patches are version 1.1.
 */

function app(version: string): DebPackageSpec {
  return {
    name: 'pp-demo-app',
    version,
    description: 'patchproof demo: the tenant\'s own small application',
    files: [
      { path: '/usr/share/pp-demo-app/VERSION', content: `${version}\n` },
      { path: '/usr/local/bin/pp-demo-app', content: `#!/bin/sh\necho "pp-demo-app ${version}"\n`, mode: 0o755 },
    ],
  };
}

const RESTART_DATABASES = 'for service in postgresql mariadb; do ' +
  'if [ -x /usr/local/sbin/pp-service ]; then /usr/local/sbin/pp-service list | grep -qx "$service" && /usr/local/sbin/pp-service restart "$service"; ' +
  'elif command -v systemctl >/dev/null 2>&1; then systemctl try-restart "$service"; fi; done; true';

/** The tenant's own database settings: its servers answer on their network, not only on loopback (Debian's default). */
function site(): DebPackageSpec {
  return {
    name: 'pp-demo-site',
    version: '1.0',
    description: 'patchproof demo: the tenant\'s database settings (listen on the network)',
    files: [{ path: '/usr/share/pp-demo-site/README', content: 'PostgreSQL and MariaDB listen on every address of this VM.\n' }],
    postinst: [
      'for dir in /etc/postgresql/*/*/conf.d; do [ -d "$dir" ] && printf "listen_addresses = \'*\'\\n" > "$dir/pp-demo-site.conf"; done',
      '[ -d /etc/mysql/mariadb.conf.d ] && printf "[mysqld]\\nbind-address = 0.0.0.0\\n" > /etc/mysql/mariadb.conf.d/90-pp-demo-site.cnf',
      RESTART_DATABASES,
    ].join('\n'),
  };
}

/** 1.0 is harmless; 1.1 puts an invalid setting into PostgreSQL's conf.d and restarts it, as a broken tuning update would. */
function pgTune(version: string, broken: boolean): DebPackageSpec {
  const restart = 'if [ -x /usr/local/sbin/pp-service ]; then /usr/local/sbin/pp-service restart postgresql || true; ' +
    'elif command -v systemctl >/dev/null 2>&1; then systemctl try-restart postgresql || true; fi';
  return {
    name: 'pp-demo-pgtune',
    version,
    description: 'patchproof demo: PostgreSQL tuning defaults',
    files: [{ path: '/usr/share/pp-demo-pgtune/VERSION', content: `${version}\n` }],
    ...(broken
      ? { postinst: `for dir in /etc/postgresql/*/*/conf.d; do [ -d "$dir" ] && printf "shared_buffers = 'plenty'\\n" > "$dir/pp-demo-pgtune.conf"; done\n${restart}` }
      : {}),
  };
}

export interface DemoDebs {
  /** What the tenants run before any patch: their application everywhere, database settings and tuning on the database VMs. */
  installed: TenantDeb[];
  good: BuiltDeb;
  bad: BuiltDeb;
}

const DATABASE_VMS = new Set(['pg', 'maria']);

export async function buildDemoDebs(dir: string): Promise<DemoDebs> {
  return {
    installed: [
      { deb: await buildDebPackage(app('1.0'), dir), on: () => true },
      { deb: await buildDebPackage(site(), dir), on: (vm) => DATABASE_VMS.has(vm) },
      { deb: await buildDebPackage(pgTune('1.0', false), dir), on: (vm) => vm === 'pg' },
    ],
    good: await buildDebPackage(app('1.1'), dir),
    bad: await buildDebPackage(pgTune('1.1', true), dir),
  };
}
