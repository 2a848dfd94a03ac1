import { OsInfo, PatchSpec } from '@patchproof/contracts';
import { osFamilyOfEcosystem } from '@patchproof/versioning';

export interface Fix {
  name: string;
  fixedVersion: string;
  ecosystem: string;
}

/** How well an ecosystem ("Debian:12") names this OS: distribution name, then release. */
function fitOf(ecosystem: string, os: OsInfo): number {
  const [base, release = ''] = ecosystem.split(':').map((part) => part.trim().toLowerCase());
  const distribution = os.name.toLowerCase().split(/\s+/)[0];
  const version = os.version.toLowerCase();
  return (base === distribution ? 2 : 0) + (release !== '' && (release === version || release === version.split('.')[0]) ? 1 : 0);
}

/**
 * The fixes that concern a VM: the patch's packages of ecosystems of the VM's OS family, one per
 * package name, from the ecosystem that names the VM's distribution and release best.
 */
export function fixesFor(patch: PatchSpec, os: OsInfo): Fix[] {
  const best = new Map<string, { fix: Fix; fit: number }>();
  for (const item of patch.packages) {
    if (osFamilyOfEcosystem(item.ecosystem) !== os.family) continue;
    const fit = fitOf(item.ecosystem, os);
    const known = best.get(item.name);
    if (!known || fit > known.fit) best.set(item.name, { fix: { name: item.name, fixedVersion: item.fixedVersion, ecosystem: item.ecosystem }, fit });
  }
  return [...best.values()].map((entry) => entry.fix).sort((a, b) => a.name.localeCompare(b.name));
}
