import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { VmPatchResultRecord } from '../installation/vm-patch-result.entity';
import { vmPatchResultView } from '../installation/vm-patch-result.view';
import { ApplicationRecord } from './application.entity';
import { ApplicationView } from './dto/application.view';

/** Use case: whether and how a run's patch went onto its replica. */
@Injectable()
export class GetApplicationHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(runId: string): Promise<ApplicationView> {
    const application = await this.unitOfWork.repository(ApplicationRecord).findOneBy({ runId });
    if (!application) throw new NotFoundException(`the patch of run ${runId} has not been applied (yet)`);
    const vms = await this.unitOfWork.repository(VmPatchResultRecord).find({ where: { runId, step: 'apply' }, order: { vmId: 'ASC' } });
    const { replicaId, status, reason, decidedAt } = application;
    return { runId, replicaId, status, ...(reason === null ? {} : { reason }), decidedAt: decidedAt.toISOString(), vms: vms.map(vmPatchResultView) };
  }
}
