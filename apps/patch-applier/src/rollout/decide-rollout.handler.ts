import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Principal } from '@patchproof/auth';
import { UnitOfWork } from '@patchproof/messaging';
import { RolloutView } from './dto/rollout.view';
import { GetRolloutHandler } from './get-rollout.handler';
import { saveRollout } from './roll-out-patch.handler';
import { RolloutCandidateRecord } from './rollout-candidate.entity';
import { RolloutScheduler } from './schedule/rollout-scheduler.service';

export type RolloutDecision = 'approve' | 'reject';

/** PostgreSQL's lock_not_available: the scheduler holds the row while it rolls the patch out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Use case: the tenant (its own runs only) or an operator approves or rejects a rollout candidate.
 * Approving an approved one, or rejecting a rejected one, changes nothing; a rollout in progress or
 * done cannot be decided again (409).
 */
@Injectable()
export class DecideRolloutHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly scheduler: RolloutScheduler, private readonly views: GetRolloutHandler) {}

  async execute(runId: string, decision: RolloutDecision, principal: Principal, note: string | undefined): Promise<RolloutView> {
    await this.unitOfWork.run(null, async (tx) => {
      const candidate = await tx.manager
        .createQueryBuilder(RolloutCandidateRecord, 'candidate')
        .setLock('pessimistic_write')
        .setOnLocked('nowait')
        .where('candidate.run_id = :runId', { runId })
        .getOne()
        .catch((error: { code?: string }) => {
          if (error.code === LOCK_NOT_AVAILABLE) throw new ConflictException(`run ${runId} is being rolled out now; it can no longer be ${decision}d`);
          throw error;
        });
      // Another tenant's run is answered like a missing one: a tenant key learns nothing of it.
      if (!candidate || (principal.role === 'tenant' && candidate.tenantId !== principal.tenantId)) {
        throw new NotFoundException(`run ${runId} is no rollout candidate (not passed, not yet verified, or not this tenant's)`);
      }
      const target = decision === 'approve' ? 'approved' : 'rejected';
      if (candidate.state === target) return;
      if (candidate.state === 'completed' || candidate.state === 'rejected') {
        throw new ConflictException(`run ${runId} is ${candidate.state === 'completed' ? 'already rolled out' : 'rejected'}; it cannot be ${decision}d`);
      }
      // awaiting-approval → approved | rejected; approved (still waiting for a window) → rejected.
      await tx.manager.update(RolloutCandidateRecord, { runId }, { state: target, decidedBy: principal.name, decisionNote: note ?? null, decidedAt: new Date() });
      if (target === 'rejected') await saveRollout(tx, runId, 'passed', 'rejected', `rejected by ${principal.name}${note ? `: ${note}` : ''}`);
    });
    if (decision === 'approve') this.scheduler.kick();
    return this.views.execute(runId, principal);
  }
}
