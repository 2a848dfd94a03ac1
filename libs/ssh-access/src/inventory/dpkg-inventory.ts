import { InstalledPackage } from '@patchproof/contracts';

/** One line per package: name, version, architecture and the three-letter status (`ii `, `rc `, …). */
export const DPKG_QUERY_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n';

export interface DpkgEntry extends InstalledPackage {
  status: string;
}

/** Lines of `dpkg-query -W -f=DPKG_QUERY_FORMAT`, whatever their status. */
export function parseDpkgEntries(text: string): DpkgEntry[] {
  const entries: DpkgEntry[] = [];
  for (const line of text.split('\n')) {
    const [name, version, arch, status] = line.split('\t');
    if (!name || status === undefined) continue;
    entries.push({ name, version, ...(arch ? { arch } : {}), status: status.trim() });
  }
  return entries;
}

/**
 * Status `?i?` means installed (`ii`, or `hi` when held); `rc` (removed, config files left), `un`
 * and half-installed states are not software the VM runs.
 */
export function isInstalled(status: string): boolean {
  return status.length >= 2 && 'ihu'.includes(status[0]) && status[1] === 'i';
}

/** Installed packages from dpkg-query output, in its order. */
export function parseDpkgInventory(text: string): InstalledPackage[] {
  return parseDpkgEntries(text)
    .filter((entry) => isInstalled(entry.status) && entry.version !== '')
    .map(({ name, version, arch }) => ({ name, version, ...(arch ? { arch } : {}) }));
}
