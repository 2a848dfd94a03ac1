import { Inject, Injectable, Logger } from '@nestjs/common';
import { RunContext, TenantSpec, Verdict } from '@patchproof/contracts';
import { Transaction } from '@patchproof/messaging';
import { ProviderRegistry, VmTarget } from '@patchproof/vm-access';
import { errorMessage } from '@patchproof/vm-access';
import { ROLLOUT_TARGETS } from '../drivers/drivers.module';
import { RolloutTargets } from '../drivers/rollout-targets';
import { realVmTarget } from '@patchproof/vm-access';
import { describeFailures, describePatchFailures, InstallOutcome, PatchInstallationService, patchFailures, saveVmResults } from '../installation/patch-installation.service';
import { RolloutCandidateRecord } from './rollout-candidate.entity';
import { RolloutRecord, RolloutStatus } from './rollout.entity';

interface RolloutOutcome extends InstallOutcome {
  /** Why the rollout failed; undefined when every real VM was patched. */
  reason?: string;
}

/**
 * Use case: roll an approved candidate's patch out to the tenant's real VMs and announce the
 * outcome, in the scheduler's transaction (which holds the candidate's row lock, so no other
 * process rolls it out meanwhile; installs are keyed by run and step, so a retry after a crash gets
 * the recorded outcome instead of patching a VM twice).
 */
@Injectable()
export class RollOutPatchHandler {
  private readonly logger = new Logger(RollOutPatchHandler.name);

  constructor(
    @Inject(ROLLOUT_TARGETS) private readonly targets: ProviderRegistry<RolloutTargets>,
    private readonly installation: PatchInstallationService,
  ) {}

  async execute(tx: Transaction, candidate: RolloutCandidateRecord): Promise<void> {
    const { run, origin } = candidate;
    const { reason, ...outcome } = await this.rollOut(run);
    if (reason) this.logger.warn(`run ${run.runId}: ${reason}`);
    const status = reason ? 'failed' : 'applied';
    await saveVmResults(tx, run.runId, 'rollout', outcome);
    await saveRollout(tx, run.runId, 'passed', status, reason);
    await tx.manager.update(RolloutCandidateRecord, { runId: run.runId }, { state: 'completed', waitingReason: null });
    tx.emit('patchproof.rollout.completed.v1', { run, status, vms: outcome.results, reason }, origin);
  }

  private async rollOut(run: RunContext): Promise<RolloutOutcome> {
    let targets: VmTarget[];
    try {
      targets = await this.realTargets(run.tenant);
    } catch (error) {
      return { results: [], failures: [], reason: `could not find the tenant's VMs: ${errorMessage(error)}` };
    }
    const outcome = await this.installation.install(targets, run.patch, { runId: run.runId, step: 'rollout' });
    const failed = patchFailures(outcome);
    const reasons = [
      ...(failed.length > 0 ? [`patch failed on ${describePatchFailures(failed, new Map(targets.map((target) => [target.vmId, target.name])))}`] : []),
      ...(outcome.failures.length > 0 ? [`patch could not be rolled out to ${describeFailures(outcome.failures)}`] : []),
    ];
    return { ...outcome, reason: reasons.length > 0 ? reasons.join('; ') : undefined };
  }

  private async realTargets(tenant: TenantSpec): Promise<VmTarget[]> {
    const vms = await this.targets.get(tenant.provider).list(tenant);
    // Rolling out to nothing would report success for a patch that reached no machine.
    if (vms.length === 0) throw new Error(`environment ${tenant.environmentRef} has no VMs`);
    return vms.map((vm) => realVmTarget(tenant, vm));
  }
}

export async function saveRollout(tx: Transaction, runId: string, verdict: Verdict, status: RolloutStatus, reason: string | undefined): Promise<void> {
  await tx.manager.createQueryBuilder().insert().into(RolloutRecord).values({ runId, verdict, status, reason: reason ?? null }).orIgnore().execute();
}
