import { ApplyFailure, OsInfo, PackageChange, PatchSpec, VmPatchResult } from '@patchproof/contracts';
import { OperationKey, PatchInstaller, VmAccessError, VmTarget } from '@patchproof/vm-access';
import { ArtifactStore } from '../artifacts/file-artifact-store';
import { Transcript, tail } from '../connection/transcript';
import { openShell, SshAccessDeps, VmShell } from '../connection/vm-shell';
import { messageOf, VmOperationError } from '../errors';
import { parseOsRelease } from '../inventory/os-release';
import { ChecksumRefusedError, StagedDeb, stageDebs } from './deb-staging';
import { installDebs, upgradeFromRepositories, verifyFixed } from './debian-install';
import { installedVersions } from './dpkg-state';
import { Fix, fixesFor } from './fixes';
import { OperationJournal, readJournal, writeJournal } from './operation-journal';
import { PatchFailedError } from './patch-failure';
import { restartAffected } from './restarts';
import { ManagerTimeouts } from './service-manager';

export interface InstallerTimeouts extends ManagerTimeouts {
  /** dpkg -i / apt-get install. */
  installMs: number;
  /** Each artifact's upload. */
  uploadMs: number;
}

export const DEFAULT_INSTALLER_TIMEOUTS: InstallerTimeouts = { installMs: 15 * 60_000, uploadMs: 10 * 60_000, restartMs: 3 * 60_000, rebootMs: 5 * 60_000, pollMs: 2_000 };

const MAX_LOG = 65_536;

function unsupported(vmId: string, os: OsInfo): VmAccessError {
  const format = os.family === 'rhel' ? '.rpm' : os.family === 'windows' ? '.msu' : 'its packages';
  return new VmAccessError(`patching ${os.name} ${os.version} (family ${os.family}) is not supported yet: only Debian-family VMs (.deb, apt) can be patched; ${format} is unsupported for now`, vmId);
}

/**
 * Applies a patch to a Debian-family VM: .deb files from the artifact store (checked by SHA-256 on
 * the VM) or, without files, the fixed versions from the VM's repositories; verifies each fixed
 * package; restarts what uses changed files (or reboots for a kernel or libc). The versions before,
 * and the result when done, are journalled on the VM under the OperationKey: a repeat after a crash
 * compares with the original versions, and a repeat after completion returns the recorded result.
 */
export class SshPatchInstaller implements PatchInstaller {
  constructor(private readonly deps: SshAccessDeps & { artifacts?: ArtifactStore }, private readonly timeouts: InstallerTimeouts = DEFAULT_INSTALLER_TIMEOUTS) {}

  async apply(vm: VmTarget, patch: PatchSpec, key: OperationKey): Promise<VmPatchResult> {
    const transcript = new Transcript();
    transcript.note(`patchproof ${key.step} of patch ${patch.id}, run ${key.runId} (operation key ${key.runId}/${key.step}), on VM ${vm.name} (${vm.vmId})`);
    try {
      const shell = await openShell(this.deps, vm, transcript);
      const journal = await readJournal(shell, key);
      if (journal?.result) return repeated(journal.result, key);
      return await this.applyOn(shell, patch, key, journal);
    } catch (error) {
      throw new VmOperationError(messageOf(error), vm.vmId, transcript.text());
    }
  }

  private async applyOn(shell: VmShell, patch: PatchSpec, key: OperationKey, journal: OperationJournal | undefined): Promise<VmPatchResult> {
    const os = parseOsRelease((await shell.check(['cat', '/etc/os-release'], { what: 'reading os-release', timeoutMs: 30_000 })).stdout);
    if (os.family !== 'debian') throw unsupported(shell.vmId, os);
    const debArtifacts = (patch.artifacts ?? []).filter((artifact) => artifact.format === 'deb');
    for (const other of (patch.artifacts ?? []).filter((artifact) => artifact.format !== 'deb')) {
      shell.transcript.note(`${other.fileName}: .${other.format} files are for other systems (installing them is unsupported for now), not used on this Debian VM`);
    }
    let staged: StagedDeb[];
    try {
      staged = await stageDebs(shell, this.deps.artifacts, debArtifacts, this.timeouts.uploadMs);
    } catch (error) {
      // A wrong checksum is a bad patch (refused before anything was installed), not a platform fault.
      if (!(error instanceof ChecksumRefusedError)) throw error;
      return this.failed(shell, key, journal?.before ?? {}, { changed: [], restarted: [], rebooted: false }, { kind: 'checksum', reason: error.message });
    }
    try {
      return await this.install(shell, fixesFor(patch, os), staged, key, journal);
    } finally {
      // Whatever happened, no patch file stays behind on the VM (a refusal already removed them).
      if (staged.length > 0) await shell.run(['rm', '-f', '--', ...staged.map((deb) => deb.remotePath)], { timeoutMs: 30_000 }).catch(() => undefined);
    }
  }

  private async install(shell: VmShell, fixes: Fix[], staged: StagedDeb[], key: OperationKey, journal: OperationJournal | undefined): Promise<VmPatchResult> {
    const names = [...new Set([...fixes.map((fix) => fix.name), ...staged.map((deb) => deb.package)])];
    const current = await installedVersions(shell, names);
    const before = journal?.before ?? Object.fromEntries(names.map((name) => [name, current.get(name) ?? null]));
    if (!journal) await writeJournal(shell, { key, before });
    try {
      if (staged.length > 0) await installDebs(shell, staged, current, this.timeouts.installMs);
      else await upgradeFromRepositories(shell, fixes, current, this.timeouts.installMs);
    } catch (error) {
      if (!(error instanceof PatchFailedError)) throw error;
      const changed = changedPackages(names, before, await installedVersions(shell, names));
      return this.failed(shell, key, before, { changed, restarted: [], rebooted: false }, error.failure);
    }
    const after = await installedVersions(shell, names);
    for (const line of verifyFixed(shell.vmId, fixes, before, after)) shell.transcript.note(line);
    const changed = changedPackages(names, before, after);
    const { restarted, rebooted, failure } = await restartAffected(shell, changed.map((item) => item.name), this.timeouts);
    if (failure) return this.failed(shell, key, before, { changed, restarted, rebooted }, failure);
    const result: VmPatchResult = { vmId: shell.vmId, status: 'applied', changed, restarted, rebooted, log: shell.transcript.text() };
    await writeJournal(shell, { key, before, result });
    return result;
  }

  /** The patch failed on this VM: a result (journalled like a success, so a repeat returns it), not an error. */
  private async failed(shell: VmShell, key: OperationKey, before: Record<string, string | null>, done: Pick<VmPatchResult, 'changed' | 'restarted' | 'rebooted'>, failure: ApplyFailure): Promise<VmPatchResult> {
    shell.transcript.note(`the patch failed on this VM (${failure.kind}): ${failure.reason}`);
    const result: VmPatchResult = { vmId: shell.vmId, status: 'failed', failure, ...done, log: shell.transcript.text() };
    await writeJournal(shell, { key, before, result });
    return result;
  }
}

function changedPackages(names: string[], before: Record<string, string | null>, after: Map<string, string>): PackageChange[] {
  return names.flatMap((name) => {
    const was = before[name];
    const now = after.get(name);
    return was && now && was !== now ? [{ name, before: was, after: now }] : [];
  });
}

function repeated(result: VmPatchResult, key: OperationKey): VmPatchResult {
  const note = `\n# ${key.step} of run ${key.runId} was already done on this VM: its recorded result was returned, nothing ran again`;
  return { ...result, log: tail(result.log + note, MAX_LOG) };
}
