import { Injectable, Logger } from '@nestjs/common';
import { causedBy, EventEnvelope, TestResult, testLabel, TestsPreparedV1 } from '@patchproof/contracts';
import { InboxKey, Transaction, UnitOfWork } from '@patchproof/messaging';
import { replicaVmTarget } from '@patchproof/vm-access';
import { describeFailures, describePatchFailures, PatchInstallationService, patchFailures, saveVmResults, vmOutcomes } from '../installation/patch-installation.service';
import { ApplicationRecord, ApplicationStatus } from './application.entity';

/**
 * Use case: once the tests are prepared, apply the patch to every VM of the replica and announce each
 * VM's outcome (patch.applied, also when the patch failed on some: the tests still run), or fail the
 * run (run.failed, an error) naming the VMs it could not be applied on for platform reasons alone.
 */
@Injectable()
export class ApplyPatchHandler {
  private readonly logger = new Logger(ApplyPatchHandler.name);

  constructor(private readonly installation: PatchInstallationService, private readonly unitOfWork: UnitOfWork) {}

  async execute(event: EventEnvelope<TestsPreparedV1>, inbox: InboxKey): Promise<void> {
    const { run, replica, preparations } = event.payload;
    const unprepared = preparations.filter((preparation) => preparation.status === 'failed' || preparation.status === 'error');
    if (unprepared.length > 0) return this.skip(event, inbox, unprepared);
    const targets = replica.vms.map((vm) => replicaVmTarget(run, replica, vm));
    const outcome = await this.installation.install(targets, run.patch, { runId: run.runId, step: 'apply' });
    const failed = patchFailures(outcome);
    // A patch that broke a VM is a finding (verdict failed), and outranks platform faults beside it: the
    // tests still run, so the report shows what else broke. Platform faults alone end the run as error.
    const reason = failed.length > 0
      ? `patch failed on ${describePatchFailures(failed, new Map(targets.map((target) => [target.vmId, target.name])))}`
      : outcome.failures.length > 0 ? `patch could not be applied on ${describeFailures(outcome.failures)}` : undefined;
    if (reason) this.logger.warn(`run ${run.runId}: ${reason}`);
    await this.unitOfWork.run(inbox, async (tx) => {
      await saveVmResults(tx, run.runId, 'apply', outcome);
      await saveApplication(tx, event.payload, reason ? 'failed' : 'applied', reason);
      if (failed.length === 0 && reason) tx.emit('patchproof.run.failed.v1', { run, replica, step: 'apply', reason }, causedBy(event));
      else tx.emit('patchproof.patch.applied.v1', { run, replica, vms: vmOutcomes(outcome) }, causedBy(event));
    });
  }

  /** The reporter ends a run whose preparation failed; applying the patch would only waste the replica. */
  private async skip(event: EventEnvelope<TestsPreparedV1>, inbox: InboxKey, unprepared: TestResult[]): Promise<void> {
    const names = unprepared.map((preparation) => `${testLabel(preparation)} on ${preparation.vmId} (${preparation.status})`).join(', ');
    await this.unitOfWork.run(inbox, (tx) => saveApplication(tx, event.payload, 'skipped', `not applied: preparation did not pass: ${names}`));
  }
}

async function saveApplication(tx: Transaction, { run, replica }: TestsPreparedV1, status: ApplicationStatus, reason: string | undefined): Promise<void> {
  await tx.manager.createQueryBuilder().insert().into(ApplicationRecord)
    .values({ runId: run.runId, replicaId: replica.replicaId, status, reason: reason ?? null }).orIgnore().execute();
}
