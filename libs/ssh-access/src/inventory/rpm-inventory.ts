import { InstalledPackage } from '@patchproof/contracts';

/** One line per package: name, epoch:version-release (EPOCHNUM is 0 without an epoch), architecture. */
export const RPM_QUERY_FORMAT = '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n';

/** rpm's pseudo-packages for imported signing keys, not software. */
const PSEUDO_PACKAGES = new Set(['gpg-pubkey', 'gpg-pubkey-release']);

/** `0:` is left out, as rpm and the advisories (RHSA, ALSA, OSV) write versions without an epoch. */
function withoutZeroEpoch(evr: string): string {
  return evr.startsWith('0:') ? evr.slice(2) : evr;
}

/** Packages from `rpm -qa --queryformat RPM_QUERY_FORMAT`, sorted by name then version. */
export function parseRpmInventory(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const line of text.split('\n')) {
    const [name, evr, arch] = line.trim().split('\t');
    if (!name || !evr || PSEUDO_PACKAGES.has(name)) continue;
    packages.push({ name, version: withoutZeroEpoch(evr), ...(arch && arch !== '(none)' ? { arch } : {}) });
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}
