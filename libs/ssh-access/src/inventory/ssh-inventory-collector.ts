import { InstalledPackage, OsInfo, VmInventory } from '@patchproof/contracts';
import { InventoryCollector, OperationKey, VmAccessError, VmTarget } from '@patchproof/vm-access';
import { openShell, SshAccessDeps, VmShell } from '../connection/vm-shell';
import { DPKG_QUERY_FORMAT, parseDpkgInventory } from './dpkg-inventory';
import { parseOsRelease } from './os-release';
import { parseRpmInventory, RPM_QUERY_FORMAT } from './rpm-inventory';
import { parseSsListening } from './ss-listening';

const COMMAND_TIMEOUT_MS = 60_000;
/** A VM with thousands of packages prints a few hundred kilobytes; far more means something is wrong. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

const PACKAGE_LISTS: Partial<Record<OsInfo['family'], { argv: string[]; parse: (text: string) => InstalledPackage[] }>> = {
  debian: { argv: ['dpkg-query', '-W', `-f=${DPKG_QUERY_FORMAT}`], parse: parseDpkgInventory },
  rhel: { argv: ['rpm', '-qa', '--queryformat', RPM_QUERY_FORMAT], parse: parseRpmInventory },
};

/** /etc/os-release, or /usr/lib/os-release where /etc has none (os-release(5)). */
const OS_RELEASE = ['sh', '-c', 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release'];

/**
 * Inventory over SSH: the OS from os-release picks the package lister (dpkg-query on the Debian
 * family, rpm on the RHEL family); listening TCP services from `ss -ltnpH`. Read-only, so a repeat
 * after a crash simply collects again.
 */
export class SshInventoryCollector implements InventoryCollector {
  constructor(private readonly deps: SshAccessDeps) {}

  async collect(vm: VmTarget, _key: OperationKey): Promise<VmInventory> {
    const shell = await openShell(this.deps, vm);
    const os = parseOsRelease((await shell.check(OS_RELEASE, { what: 'reading os-release', timeoutMs: COMMAND_TIMEOUT_MS })).stdout);
    const packages = await listPackages(shell, os);
    const listening = await shell.check(['ss', '-ltnpH'], { what: 'listing listening sockets (ss, from iproute2)', timeoutMs: COMMAND_TIMEOUT_MS, maxOutputBytes: MAX_LIST_BYTES });
    return { vmId: vm.vmId, os, packages, services: parseSsListening(listening.stdout) };
  }
}

async function listPackages(shell: VmShell, os: OsInfo): Promise<InstalledPackage[]> {
  const lister = PACKAGE_LISTS[os.family];
  if (!lister) throw new VmAccessError(`VM ${shell.vmId} runs ${os.name} ${os.version} (family ${os.family}): no package inventory for that family yet`, shell.vmId);
  const listed = await shell.check(lister.argv, { what: `listing installed packages (${lister.argv[0]})`, timeoutMs: COMMAND_TIMEOUT_MS, maxOutputBytes: MAX_LIST_BYTES });
  return lister.parse(listed.stdout);
}
