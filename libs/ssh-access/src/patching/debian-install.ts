import { compareVersions } from '@patchproof/versioning';
import { VmAccessError } from '@patchproof/vm-access';
import { CommandFailedError, VmShell } from '../connection/vm-shell';
import { classifyInstallFailure, PatchFailedError } from './patch-failure';
import { StagedDeb } from './deb-staging';
import { Fix } from './fixes';

const NONINTERACTIVE = ['env', 'DEBIAN_FRONTEND=noninteractive'];
/** Keep the tenant's edited configuration files; take the package's for files never edited. */
const KEEP_CONFIG = ['--force-confdef', '--force-confold'];

/** dpkg's ordering, for .deb files whose ecosystem release the patch does not say. */
const DEBIAN = 'Debian';

function below(ecosystem: string, installed: string | undefined, wanted: string): boolean {
  return installed !== undefined && compareVersions(ecosystem, installed, wanted) < 0;
}

/**
 * Installs the staged .deb files of packages the VM has, below the file's version, in one `dpkg -i`
 * (so packages of one patch may depend on each other). Files for packages the VM does not have are
 * skipped: a patch updates software, it never adds any. Repeating it after a crash finds them current.
 */
export async function installDebs(shell: VmShell, staged: StagedDeb[], current: Map<string, string>, timeoutMs: number): Promise<void> {
  const wanted = staged.filter((deb) => below(DEBIAN, current.get(deb.package), deb.version));
  for (const deb of staged.filter((item) => !wanted.includes(item))) {
    const installed = current.get(deb.package);
    shell.transcript.note(installed === undefined
      ? `${deb.artifact.fileName}: ${deb.package} is not installed on this VM, skipped`
      : `${deb.artifact.fileName}: ${deb.package} ${installed} is already at or above ${deb.version}, skipped`);
  }
  if (wanted.length === 0) return;
  await installOrFail(shell, [...NONINTERACTIVE, 'dpkg', ...KEEP_CONFIG, '-i', ...wanted.map((deb) => deb.remotePath)], 'installing the patch (dpkg -i)', timeoutMs);
}

/**
 * Runs the installation: a failure of the package itself (its maintainer scripts, its dependencies)
 * is the patch's failure (PatchFailedError, with dpkg's words); any other failure stays an error.
 */
async function installOrFail(shell: VmShell, argv: string[], what: string, timeoutMs: number): Promise<void> {
  const result = await shell.run(argv, { timeoutMs });
  if (result.exitCode === 0 && !result.timedOut) return;
  const failure = classifyInstallFailure(result, what);
  if (failure) throw new PatchFailedError(failure);
  throw new CommandFailedError(shell.vmId, what, result);
}

/** Without files, the fixed versions come from the VM's own repositories. */
export async function upgradeFromRepositories(shell: VmShell, fixes: Fix[], current: Map<string, string>, timeoutMs: number): Promise<void> {
  const names = fixes.filter((fix) => below(fix.ecosystem, current.get(fix.name), fix.fixedVersion)).map((fix) => fix.name);
  if (names.length === 0) return;
  const update = await shell.run([...NONINTERACTIVE, 'apt-get', 'update'], { timeoutMs });
  if (update.exitCode !== 0) shell.transcript.note('apt-get update failed; installing from the package lists the VM already has');
  const options = KEEP_CONFIG.flatMap((option) => ['-o', `Dpkg::Options::=${option}`]);
  await installOrFail(shell, [...NONINTERACTIVE, 'apt-get', 'install', '--only-upgrade', '-y', ...options, ...names], 'installing the patch (apt-get install --only-upgrade)', timeoutMs);
}

/** Every fixed package the VM had must now be at or above its fixed version. */
export function verifyFixed(vmId: string, fixes: Fix[], before: Record<string, string | null>, after: Map<string, string>): string[] {
  const notes: string[] = [];
  for (const fix of fixes) {
    if (before[fix.name] === null || before[fix.name] === undefined) {
      notes.push(`${fix.name} is not installed: nothing to patch`);
      continue;
    }
    const now = after.get(fix.name);
    if (now === undefined || compareVersions(fix.ecosystem, now, fix.fixedVersion) < 0) {
      throw new VmAccessError(`${fix.name} is at ${now ?? '(not installed)'} after the installation, below the fixed version ${fix.fixedVersion} (${fix.ecosystem})`, vmId);
    }
    notes.push(`${fix.name} ${now} ≥ ${fix.fixedVersion}: fixed`);
  }
  return notes;
}
