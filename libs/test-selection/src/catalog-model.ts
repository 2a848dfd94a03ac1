import { OS_FAMILIES, OsFamily } from '@patchproof/contracts';

/** Identifiers of catalog entries: chosen by operators (seeds use readable slugs) or generated. */
export const CATALOG_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;
export const CATALOG_ID_MESSAGE = 'must be 1-128 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';

export const SQL_ENGINES = ['postgresql', 'mariadb'] as const;
/** `mariadb` speaks the MySQL protocol, so it also covers MySQL servers. */
export type SqlEngine = (typeof SQL_ENGINES)[number];

export { OS_FAMILIES };
export type { OsFamily };

/**
 * Package-name patterns per OS family. A plain entry is an exact package name; an entry written
 * `^...$` is a regular expression over the whole name.
 */
export type PackagePatterns = Partial<Record<OsFamily, string[]>>;

export interface FunctionGroupRecord {
  id: string;
  name: string;
  description: string;
}

export interface SoftwareGroupRecord {
  id: string;
  name: string;
  description: string;
  functionGroupIds: string[];
}

export interface SoftwareRecord {
  id: string;
  name: string;
  vendor: string;
  softwareGroupId: string;
  /** Over the upstream version (epoch and distribution revision removed), e.g. ">=15 <16". */
  versionRange: string;
  packagePatterns: PackagePatterns;
  /** Names the software listens or runs under (service unit, process), e.g. ["postgresql", "postgres"]. */
  services: string[];
  /** The SQL dialect/protocol of a database server, bound into SQL tests that leave `engine` open. */
  sqlEngine: SqlEngine | null;
}

export function isRegexPattern(pattern: string): boolean {
  return pattern.startsWith('^');
}
