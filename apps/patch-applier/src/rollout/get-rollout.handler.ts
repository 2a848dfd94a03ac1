import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { VmPatchResultRecord } from '../installation/vm-patch-result.entity';
import { vmPatchResultView } from '../installation/vm-patch-result.view';
import { RolloutView } from './dto/rollout.view';
import { RolloutRecord } from './rollout.entity';

/** Use case: whether a run's patch was rolled out to the tenant's real VMs, and how it went. */
@Injectable()
export class GetRolloutHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(runId: string): Promise<RolloutView> {
    const rollout = await this.unitOfWork.repository(RolloutRecord).findOneBy({ runId });
    if (!rollout) throw new NotFoundException(`run ${runId} has no rollout decision (yet)`);
    const vms = await this.unitOfWork.repository(VmPatchResultRecord).find({ where: { runId, step: 'rollout' }, order: { vmId: 'ASC' } });
    const { verdict, status, reason, decidedAt } = rollout;
    return { runId, verdict, status, ...(reason === null ? {} : { reason }), decidedAt: decidedAt.toISOString(), vms: vms.map(vmPatchResultView) };
  }
}
