export interface InstalledPackage {
  name: string;
  version: string;
}

/** dpkg-query format matched by `parseInstalled`. */
export const DPKG_QUERY_FORMAT = '${db:Status-Abbrev}\\t${Package}\\t${Version}\\n';

/** Installed packages from `dpkg-query -W -f DPKG_QUERY_FORMAT` output. */
export function parseInstalled(text: string): InstalledPackage[] {
  return text
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length === 3 && fields[0].startsWith('ii'))
    .map(([, name, version]) => ({ name, version }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Names apt marked as automatically installed (dependencies), from /var/lib/apt/extended_states. */
export function parseAutoInstalled(text: string): Set<string> {
  const auto = new Set<string>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    if (name && /^Auto-Installed: 1$/m.test(stanza)) auto.add(name);
  }
  return auto;
}

/**
 * The top-level packages of a system: installed, not pulled in as a dependency, and not part of the
 * bootstrap set (essential packages and apt) or of the `always` set every image carries.
 */
export function topLevelPackages(
  installed: readonly InstalledPackage[],
  auto: ReadonlySet<string>,
  bootstrap: readonly string[],
  always: readonly string[],
): string[] {
  const skip = new Set([...bootstrap, ...always]);
  return installed.map((pkg) => pkg.name).filter((name) => !auto.has(name) && !skip.has(name));
}
