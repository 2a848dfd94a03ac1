import { Injectable, NotFoundException } from '@nestjs/common';
import { Principal } from '@patchproof/auth';
import { UnitOfWork } from '@patchproof/messaging';
import { VmPatchResultRecord } from '../installation/vm-patch-result.entity';
import { vmPatchResultView } from '../installation/vm-patch-result.view';
import { RolloutView, RolloutViewStatus } from './dto/rollout.view';
import { RolloutCandidateRecord } from './rollout-candidate.entity';
import { RolloutRecord } from './rollout.entity';

/** Use case: whether a run's patch was (or will be) rolled out to the tenant's real VMs, and how it went. */
@Injectable()
export class GetRolloutHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(runId: string, principal: Principal, now: Date = new Date()): Promise<RolloutView> {
    const { rollout, candidate, vms } = await this.unitOfWork.snapshot(async (manager) => ({
      rollout: await manager.findOneBy(RolloutRecord, { runId }),
      candidate: await manager.findOneBy(RolloutCandidateRecord, { runId }),
      vms: await manager.find(VmPatchResultRecord, { where: { runId, step: 'rollout' }, order: { vmId: 'ASC' } }),
    }));
    const hidden = principal.role === 'tenant' && candidate?.tenantId !== principal.tenantId;
    if ((!rollout && !candidate) || hidden) throw new NotFoundException(`run ${runId} has no rollout decision (yet)`);
    const view: RolloutView = {
      runId,
      verdict: rollout?.verdict ?? 'passed',
      status: rollout?.status ?? candidateStatus(candidate!, now),
      decidedAt: (rollout?.decidedAt ?? candidate!.createdAt).toISOString(),
      vms: vms.map(vmPatchResultView),
    };
    if (rollout?.reason) view.reason = rollout.reason;
    if (candidate) {
      view.tenantId = candidate.tenantId;
      if (candidate.decidedBy && candidate.decidedAt) {
        view.approval = { decision: candidate.state === 'rejected' ? 'rejected' : 'approved', by: candidate.decidedBy, at: candidate.decidedAt.toISOString(), ...(candidate.decisionNote ? { note: candidate.decisionNote } : {}) };
      }
      if (candidate.state === 'approved' && candidate.notBefore && candidate.notBefore > now) {
        view.waitingUntil = candidate.notBefore.toISOString();
        if (candidate.waitingReason) view.reason = candidate.waitingReason;
      }
    }
    return view;
  }
}

function candidateStatus(candidate: RolloutCandidateRecord, now: Date): RolloutViewStatus {
  if (candidate.state === 'awaiting-approval') return 'awaiting-approval';
  if (candidate.state === 'approved') return candidate.notBefore && candidate.notBefore > now ? 'waiting-for-window' : 'scheduled';
  // rejected and completed candidates have their rollout row; this is the moment before it commits.
  return candidate.state === 'rejected' ? 'rejected' : 'scheduled';
}
