import { Inject, Injectable } from '@nestjs/common';
import { PatchSpec, VmPatchResult } from '@patchproof/contracts';
import { Transaction } from '@patchproof/messaging';
import { VmOperationError } from '@patchproof/ssh-access';
import { OperationKey, PatchInstaller, ProviderRegistry, VmTarget } from '@patchproof/vm-access';
import { errorMessage } from '@patchproof/vm-access';
import { mapSettled } from '@patchproof/vm-access';
import { PATCH_INSTALLERS } from '../drivers/drivers.module';
import { PatchApplierConfig } from '../patch-applier.config';
import { PatchStep, VmPatchResultRecord } from './vm-patch-result.entity';

export interface VmFailure {
  vmId: string;
  name: string;
  reason: string;
  /** What ran on the VM before it failed, when the driver recorded it. */
  log: string;
}

export interface InstallOutcome {
  /** Every VM the installer reached: `applied`, or `failed` with the evidence of what the patch broke. */
  results: VmPatchResult[];
  /** VMs patchproof could not install on (a platform fault): errors, not findings. */
  failures: VmFailure[];
}

/** The VMs on which the patch itself failed: a finding about the patch. */
export function patchFailures(outcome: InstallOutcome): VmPatchResult[] {
  return outcome.results.filter((result) => result.status === 'failed');
}

/** "VM web (id): nginx did not come back …; VM …", for a run's or a rollout's reason. */
export function describePatchFailures(failed: VmPatchResult[], names: ReadonlyMap<string, string>): string {
  return failed.map((result) => `VM ${names.get(result.vmId) ?? result.vmId} (${result.vmId}): ${result.failure?.reason ?? 'the patch failed'}`).join('; ').slice(0, MAX_REASON);
}

/** Every VM's outcome for patch.applied: the platform faults too (status `error`), beside a failed VM's finding. */
export function vmOutcomes(outcome: InstallOutcome): VmPatchResult[] {
  return [
    ...outcome.results.map((result) => ({ ...result, status: result.status ?? 'applied' })),
    ...outcome.failures.map(({ vmId, reason, log }): VmPatchResult => ({
      vmId, status: 'error', failure: { kind: 'platform', reason: reason.slice(0, 2000) || 'no reason given' }, changed: [], restarted: [], rebooted: false, log,
    })),
  ];
}

/** Reasons end up in a report's FailureInfo (at most 4000 characters). */
const MAX_REASON = 4000;
/** VmPatchResult.log holds at most 65536 characters; the note saying how much was cut fits in the rest. */
const MAX_LOG = 65536;
const CUT_NOTE_ROOM = 64;

/**
 * Installs a patch on many VMs, APPLY_CONCURRENCY at a time; one VM's failure does not stop the
 * others. Calls are keyed by run and step, so a redelivery after a crash gets the recorded outcome.
 */
@Injectable()
export class PatchInstallationService {
  constructor(
    @Inject(PATCH_INSTALLERS) private readonly installers: ProviderRegistry<PatchInstaller>,
    private readonly config: PatchApplierConfig,
  ) {}

  async install(targets: VmTarget[], patch: PatchSpec, key: OperationKey): Promise<InstallOutcome> {
    const settled = await mapSettled(targets, this.config.APPLY_CONCURRENCY, (target) => this.installers.get(target.provider).apply(target, patch, key));
    const outcome: InstallOutcome = { results: [], failures: [] };
    settled.forEach((result, index) => {
      const { vmId, name } = targets[index];
      if (result.status === 'fulfilled') outcome.results.push({ ...result.value, vmId, log: cappedLog(result.value.log) });
      else outcome.failures.push({ vmId, name, reason: errorMessage(result.reason), log: cappedLog(result.reason instanceof VmOperationError ? result.reason.log : '') });
    });
    return outcome;
  }
}

/** "VM db1 (id): why; VM …", short enough for a run's failure reason. */
export function describeFailures(failures: VmFailure[]): string {
  return failures.map((failure) => `VM ${failure.name} (${failure.vmId}): ${failure.reason}`).join('; ').slice(0, MAX_REASON);
}

export async function saveVmResults(tx: Transaction, runId: string, step: PatchStep, outcome: InstallOutcome): Promise<void> {
  const rows = [
    ...outcome.results.map(({ vmId, status, failure, changed, restarted, rebooted, log }) => ({
      runId, step, vmId, status: status ?? 'applied', failure: failure ?? null, changed, restarted, rebooted, log, error: null,
    })),
    ...outcome.failures.map(({ vmId, reason, log }) => ({
      runId, step, vmId, status: 'error' as const, failure: null, changed: [], restarted: [], rebooted: false, log, error: reason,
    })),
  ];
  if (rows.length > 0) await tx.manager.createQueryBuilder().insert().into(VmPatchResultRecord).values(rows).orIgnore().execute();
}

/** Keeps the end of a long log, where a failure is usually reported. */
function cappedLog(log: string): string {
  if (log.length <= MAX_LOG) return log;
  const kept = MAX_LOG - CUT_NOTE_ROOM;
  return `[${log.length - kept} characters cut]\n${log.slice(-kept)}`;
}
