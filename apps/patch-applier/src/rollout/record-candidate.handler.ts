import { Injectable } from '@nestjs/common';
import { causedBy, EventEnvelope, RunContext, Verdict, VerificationCompletedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { RolloutCandidateRecord } from './rollout-candidate.entity';
import { saveRollout } from './roll-out-patch.handler';
import { RolloutScheduler } from './schedule/rollout-scheduler.service';

/** The decidedBy of a candidate the tenant's policy approved. */
export const APPROVED_BY_POLICY = 'policy:autoApply';

function whyNotCandidate(verdict: Verdict): string | undefined {
  return verdict === 'passed' ? undefined : `verdict is ${verdict}: only a passed patch is rolled out`;
}

/**
 * Use case: a passed verification becomes a rollout candidate — approved at once when the tenant's
 * policy says autoApply, else waiting for the tenant or an operator; any other verdict is recorded
 * as skipped. The rollout itself is the scheduler's (maintenance windows).
 */
@Injectable()
export class RecordCandidateHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly scheduler: RolloutScheduler) {}

  async execute(event: EventEnvelope<VerificationCompletedV1>, inbox: InboxKey): Promise<void> {
    const { run, verdict } = event.payload;
    const notCandidate = whyNotCandidate(verdict);
    if (notCandidate) {
      await this.unitOfWork.run(inbox, (tx) => saveRollout(tx, run.runId, verdict, 'skipped', notCandidate));
      return;
    }
    await this.unitOfWork.run(inbox, async (tx) => {
      await tx.manager.createQueryBuilder().insert().into(RolloutCandidateRecord).values(candidateOf(run, causedBy(event))).orIgnore().execute();
    });
    if (run.tenant.policy.autoApply) this.scheduler.kick();
  }
}

function candidateOf(run: RunContext, origin: ReturnType<typeof causedBy>): Partial<RolloutCandidateRecord> {
  const autoApply = run.tenant.policy.autoApply;
  return {
    runId: run.runId,
    tenantId: run.tenant.id,
    run,
    // JSON drops an undefined discriminator; the stored origin derives the same event ids.
    origin: JSON.parse(JSON.stringify(origin)) as RolloutCandidateRecord['origin'],
    state: autoApply ? 'approved' : 'awaiting-approval',
    decidedBy: autoApply ? APPROVED_BY_POLICY : null,
    decidedAt: autoApply ? new Date() : null,
  };
}
