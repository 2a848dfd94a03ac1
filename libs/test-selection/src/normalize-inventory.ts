import { InstalledPackage, VmInventory } from '@patchproof/contracts';
import { CatalogIndex, IndexedSoftware } from './catalog-index';
import { notableUnknownSoftware, UnmatchedPackage } from './notable-software';
import { upstreamVersion } from './package-patterns';

/** An installed package recognised as a catalog software. */
export interface SoftwareMatch {
  pkg: InstalledPackage;
  software: IndexedSoftware;
  upstreamVersion: string;
}

export interface NormalizedInventory {
  /** Ordered by package name, then software id: a software's first match binds the tests it brings in. */
  matches: SoftwareMatch[];
  /** Notable software the catalog does not know ("name version" or "service (listening on :port, no package)"). */
  unknown: string[];
  /** How many further unrecognised packages were not listed in `unknown` (libraries, tools). */
  unlisted: number;
}

function byPackageThenSoftware(a: SoftwareMatch, b: SoftwareMatch): number {
  if (a.pkg.name !== b.pkg.name) return a.pkg.name < b.pkg.name ? -1 : 1;
  return a.software.record.id < b.software.record.id ? -1 : a.software.record.id > b.software.record.id ? 1 : 0;
}

/** Maps a VM's installed packages to catalog software by package pattern and version range. */
export function normalizeInventory(index: CatalogIndex, inventory: VmInventory): NormalizedInventory {
  const family = inventory.os.family;
  const matches: SoftwareMatch[] = [];
  const unmatched: UnmatchedPackage[] = [];
  for (const pkg of inventory.packages) {
    const candidates = index.candidates(family, pkg.name);
    if (candidates.length === 0) {
      unmatched.push({ pkg, nameMatched: false });
      continue;
    }
    const upstream = upstreamVersion(family, pkg.version);
    const inRange = candidates.filter((software) => index.inRange(family, upstream, software));
    if (inRange.length === 0) unmatched.push({ pkg, nameMatched: true });
    for (const software of inRange) matches.push({ pkg, software, upstreamVersion: upstream });
  }
  matches.sort(byPackageThenSoftware);
  const { entries: unknown, unlistedPackages: unlisted } = notableUnknownSoftware({
    unmatched,
    recognised: matches.map((match) => match.pkg),
    recognisedServices: matches.flatMap((match) => match.software.record.services),
    allPackages: inventory.packages,
    services: inventory.services,
  });
  return { matches, unknown, unlisted };
}
