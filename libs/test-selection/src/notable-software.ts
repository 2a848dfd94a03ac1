import { InstalledPackage, ListeningService } from '@patchproof/contracts';

/**
 * Software that matters even though the catalog does not know it: database, web, application,
 * mail, directory, messaging and container servers. Libraries (lib*) and tools are not listed.
 */
const KNOWN_MIDDLEWARE = new RegExp(`^(${[
  'mysql', 'mariadb', 'percona', 'postgresql', 'postgres', 'pgpool', 'pgbouncer', 'mongodb', 'redis', 'valkey', 'memcached',
  'cassandra', 'couchdb', 'influxdb', 'elasticsearch', 'opensearch', 'oracle', 'db2', 'mssql', 'firebird',
  'nginx', 'apache2', 'httpd', 'lighttpd', 'caddy', 'haproxy', 'varnish', 'squid', 'traefik', 'envoy',
  'tomcat', 'jetty', 'wildfly', 'jboss', 'glassfish', 'weblogic', 'websphere', 'php[0-9.]*-fpm', 'uwsgi', 'gunicorn', 'nodejs$', 'openjdk',
  'postfix', 'exim4', 'sendmail', 'dovecot', 'courier', 'cyrus',
  'bind9', 'unbound', 'dnsmasq', 'slapd', 'openldap', 'samba', 'nfs-kernel-server', 'vsftpd', 'proftpd', 'openssh-server',
  'rabbitmq', 'kafka', 'zookeeper', 'activemq', 'mosquitto', 'docker', 'containerd', 'podman', 'kubelet',
].join('|')})`);
const SERVER_SUFFIX = /-(server|daemon)$/;

export interface UnmatchedPackage {
  pkg: InstalledPackage;
  /** Its name matched a catalog software, but no version range did. */
  nameMatched: boolean;
}

/** The names a listening service may go by: "postgresql@15-main" → postgresql, "sshd" → sshd, ssh. */
export function serviceAliases(name: string): string[] {
  const base = name.toLowerCase().replace(/\.service$/, '').replace(/@.*$/, '');
  return base.endsWith('d') && base.length > 2 ? [base, base.slice(0, -1)] : [base];
}

const baseNames = new Map<string, string>();

/** "mariadb-server-10.5" → mariadb, "postgresql-15" → postgresql: the name a package's service would have. */
export function packageBaseName(name: string): string {
  const known = baseNames.get(name);
  if (known !== undefined) return known;
  let base = name.toLowerCase();
  for (let previous = ''; previous !== base;) {
    previous = base;
    base = base.replace(/-(server|daemon|core|bin|common)$/, '').replace(/-?[0-9][0-9.]*$/, '');
  }
  // Package names repeat across VMs and runs; a bounded memo keeps this off the selection's hot path.
  if (baseNames.size >= 200_000) baseNames.clear();
  baseNames.set(name, base || name.toLowerCase());
  return base || name.toLowerCase();
}

/** A package's own name and its base name, the names a service it provides would go by. */
export function packageServiceNames(packageName: string): [string, string] {
  return [packageName.toLowerCase(), packageBaseName(packageName)];
}

function firstToken(name: string): string {
  const hyphen = name.indexOf('-');
  return hyphen === -1 ? name : name.slice(0, hyphen);
}

/**
 * Which unrecognised packages to report. Notable: (1) its name is in the catalog but its version is
 * in no range; (2) it provides a service the inventory lists as listening; (3) it is known
 * middleware or named like a server (-server, -daemon). Not reported: packages that belong to
 * recognised software (same leading name token: postgresql-client-15 beside postgresql-15), and
 * everything else (libraries, tools).
 */
export function isNotable(unmatched: UnmatchedPackage, listening: ReadonlySet<string>, recognisedTokens: ReadonlySet<string>): boolean {
  const name = unmatched.pkg.name;
  if (unmatched.nameMatched) return true;
  if (recognisedTokens.has(firstToken(name))) return false;
  if (KNOWN_MIDDLEWARE.test(name) || SERVER_SUFFIX.test(name)) return true;
  return listening.size > 0 && packageServiceNames(name).some((candidate) => listening.has(candidate));
}

export interface NotableInput {
  unmatched: UnmatchedPackage[];
  /** Packages that matched a catalog software. */
  recognised: InstalledPackage[];
  /** Service names of the matched software (they account for services listening under them). */
  recognisedServices: string[];
  allPackages: InstalledPackage[];
  services: ListeningService[];
}

export interface UnknownSoftwareListing {
  /** Notable unrecognised packages ("name version"), then services no package accounts for. */
  entries: string[];
  /** Unrecognised packages not listed in `entries` (libraries, tools). */
  unlistedPackages: number;
}

/** The VM's unknown software, and how many unrecognised packages were not notable enough to list. */
export function notableUnknownSoftware(input: NotableInput): UnknownSoftwareListing {
  const listening = new Set(input.services.flatMap((service) => serviceAliases(service.name)));
  const recognisedTokens = new Set(input.recognised.map((pkg) => firstToken(pkg.name)));
  const packages = input.unmatched.filter((entry) => isNotable(entry, listening, recognisedTokens)).map(({ pkg }) => `${pkg.name} ${pkg.version}`);
  return { entries: [...packages.sort(), ...unaccountedServices(input)], unlistedPackages: input.unmatched.length - packages.length };
}

function unaccountedServices(input: NotableInput): string[] {
  const recognised = new Set(input.recognisedServices.flatMap(serviceAliases));
  const open = input.services.filter((service) => !serviceAliases(service.name).some((alias) => recognised.has(alias)));
  if (open.length === 0) return [];
  const provided = new Set(input.allPackages.flatMap((pkg) => packageServiceNames(pkg.name)));
  return open
    .filter((service) => !serviceAliases(service.name).some((alias) => provided.has(alias)))
    .map((service) => `${service.name} (${service.port === undefined ? 'running' : `listening on :${service.port}`}, no package)`)
    .sort();
}
