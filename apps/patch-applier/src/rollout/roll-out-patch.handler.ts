import { Inject, Injectable, Logger } from '@nestjs/common';
import { causedBy, EventEnvelope, RunContext, TenantSpec, Verdict, VerificationCompletedV1 } from '@patchproof/contracts';
import { InboxKey, Transaction, UnitOfWork } from '@patchproof/messaging';
import { ProviderRegistry, VmTarget } from '@patchproof/vm-access';
import { errorMessage } from '@patchproof/vm-access';
import { ROLLOUT_TARGETS } from '../drivers/drivers.module';
import { RolloutTargets } from '../drivers/rollout-targets';
import { realVmTarget } from '@patchproof/vm-access';
import { describeFailures, describePatchFailures, InstallOutcome, PatchInstallationService, patchFailures, saveVmResults } from '../installation/patch-installation.service';
import { RolloutRecord, RolloutStatus } from './rollout.entity';

interface RolloutOutcome extends InstallOutcome {
  /** Why the rollout failed; undefined when every real VM was patched. */
  reason?: string;
}

/** Why a verified patch is not rolled out, or undefined when it is. */
function whyNotRolledOut(verdict: Verdict, run: RunContext): string | undefined {
  if (verdict !== 'passed') return `verdict is ${verdict}: only a passed patch is rolled out`;
  if (!run.tenant.policy.autoApply) return `tenant ${run.tenant.id} does not auto-apply patches (policy.autoApply is false)`;
  return undefined;
}

/**
 * Use case: after a passed verification, roll the patch out to the tenant's real VMs when its
 * policy says autoApply, and announce the outcome; otherwise record why nothing was done.
 */
@Injectable()
export class RollOutPatchHandler {
  private readonly logger = new Logger(RollOutPatchHandler.name);

  constructor(
    @Inject(ROLLOUT_TARGETS) private readonly targets: ProviderRegistry<RolloutTargets>,
    private readonly installation: PatchInstallationService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(event: EventEnvelope<VerificationCompletedV1>, inbox: InboxKey): Promise<void> {
    const { run, verdict } = event.payload;
    const notRolledOut = whyNotRolledOut(verdict, run);
    if (notRolledOut) {
      await this.unitOfWork.run(inbox, (tx) => saveRollout(tx, run.runId, verdict, 'skipped', notRolledOut));
      return;
    }
    const { reason, ...outcome } = await this.rollOut(run);
    if (reason) this.logger.warn(`run ${run.runId}: ${reason}`);
    const status = reason ? 'failed' : 'applied';
    await this.unitOfWork.run(inbox, async (tx) => {
      await saveVmResults(tx, run.runId, 'rollout', outcome);
      await saveRollout(tx, run.runId, verdict, status, reason);
      tx.emit('patchproof.rollout.completed.v1', { run, status, vms: outcome.results, reason }, causedBy(event));
    });
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

async function saveRollout(tx: Transaction, runId: string, verdict: Verdict, status: RolloutStatus, reason: string | undefined): Promise<void> {
  await tx.manager.createQueryBuilder().insert().into(RolloutRecord).values({ runId, verdict, status, reason: reason ?? null }).orIgnore().execute();
}
