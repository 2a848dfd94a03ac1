import { BuiltDeb, buildDebPackage, DebPackageSpec } from '@patchproof/local-vm';

/*
 * The local suite's software as real .deb files, built at run time with dpkg-deb. The tenants run the
 * 1.0 versions; every patch is a later version of one of them (a patch never adds software).
 */

const RESTART = (service: string): string =>
  `if [ -x /usr/local/sbin/pp-service ]; then /usr/local/sbin/pp-service list | grep -qx ${service} && /usr/local/sbin/pp-service restart ${service} || true; ` +
  `elif command -v systemctl >/dev/null 2>&1; then systemctl try-restart ${service} || true; fi`;

function versionFile(name: string, version: string): DebPackageSpec['files'][number] {
  return { path: `/usr/share/${name}/VERSION`, content: `${version}\n` };
}

/** The tenant's own application, on every VM. */
function app(version: string): DebPackageSpec {
  return { name: 'pp-e2e-app', version, description: 'patchproof e2e: the tenant application', files: [versionFile('pp-e2e-app', version)] };
}

/** The tenant's database settings: PostgreSQL and MariaDB answer on the network, not only on loopback (Debian's default). */
function site(): DebPackageSpec {
  return {
    name: 'pp-e2e-site',
    version: '1.0',
    description: 'patchproof e2e: database settings',
    files: [versionFile('pp-e2e-site', '1.0')],
    postinst: [
      'for dir in /etc/postgresql/*/*/conf.d; do [ -d "$dir" ] && printf "listen_addresses = \'*\'\\n" > "$dir/pp-e2e-site.conf"; done',
      '[ -d /etc/mysql/mariadb.conf.d ] && printf "[mysqld]\\nbind-address = 0.0.0.0\\n" > /etc/mysql/mariadb.conf.d/90-pp-e2e-site.cnf',
      RESTART('postgresql'),
      RESTART('mariadb'),
    ].join('\n'),
  };
}

/** PostgreSQL tuning: 1.1 puts an invalid value into conf.d and restarts PostgreSQL, which then cannot start. */
function pgTune(version: string, breaksStart: boolean): DebPackageSpec {
  const broken = 'for dir in /etc/postgresql/*/*/conf.d; do [ -d "$dir" ] && printf "shared_buffers = \'plenty\'\\n" > "$dir/pp-e2e-pgtune.conf"; done';
  return {
    name: 'pp-e2e-pgtune', version, description: 'patchproof e2e: PostgreSQL tuning', files: [versionFile('pp-e2e-pgtune', version)],
    ...(breaksStart ? { postinst: `${broken}\n${RESTART('postgresql')}` } : {}),
  };
}

/**
 * Re-encodes every non-ASCII text value in PostgreSQL's databases as if its UTF-8 bytes were Latin-1:
 * the mojibake a broken character-set conversion leaves behind.
 */
const MOJIBAKE_SQL = `DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT table_schema, table_name, column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND data_type IN ('text', 'character varying') LOOP
    EXECUTE format('UPDATE %I.%I SET %I = convert_from(convert_to(%I, ''UTF8''), ''LATIN1'') WHERE octet_length(%I) <> char_length(%I)',
                   c.table_schema, c.table_name, c.column_name, c.column_name, c.column_name, c.column_name);
  END LOOP;
END $$;
`;

/** A text-conversion helper; 1.1's postinst "migrates" stored text and garbles every multibyte character. */
function textConv(version: string, corrupts: boolean): DebPackageSpec {
  const migrate = 'command -v psql >/dev/null 2>&1 || exit 0\n' +
    'for db in $(runuser -u postgres -- psql -XAtc "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> \'postgres\'"); do\n' +
    '  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f /usr/share/pp-e2e-textconv/migrate.sql\ndone';
  return {
    name: 'pp-e2e-textconv', version, description: 'patchproof e2e: text conversion',
    files: [versionFile('pp-e2e-textconv', version), ...(corrupts ? [{ path: '/usr/share/pp-e2e-textconv/migrate.sql', content: MOJIBAKE_SQL }] : [])],
    ...(corrupts ? { postinst: migrate } : {}),
  };
}

export interface E2eDebs {
  /** What the tenants run before any patch, and on which VMs (by server name). */
  installed: Array<{ deb: BuiltDeb; on: (vm: string) => boolean }>;
  good: BuiltDeb;
  breaksDbmsStart: BuiltDeb;
  corruptsText: BuiltDeb;
  /** A harmless update, for the checksum cases. */
  harmless: BuiltDeb;
}

const DATABASE_VMS = new Set(['pg', 'maria']);

export async function buildE2eDebs(dir: string): Promise<E2eDebs> {
  const build = (spec: DebPackageSpec): Promise<BuiltDeb> => buildDebPackage(spec, dir);
  return {
    installed: [
      { deb: await build(app('1.0')), on: () => true },
      { deb: await build(site()), on: (vm) => DATABASE_VMS.has(vm) },
      { deb: await build(pgTune('1.0', false)), on: (vm) => vm === 'pg' },
      { deb: await build(textConv('1.0', false)), on: (vm) => vm === 'pg' },
    ],
    good: await build(app('1.1')),
    breaksDbmsStart: await build(pgTune('1.1', true)),
    corruptsText: await build(textConv('1.1', true)),
    harmless: await build(pgTune('1.2', false)),
  };
}
