import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { VmInventoryRecord } from '../collection/vm-inventory.entity';
import { RunInventoriesView } from './dto/run-inventories.view';

/** Use case: the inventories collected for a run, one per VM of its replica. */
@Injectable()
export class GetInventoriesHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(runId: string): Promise<RunInventoriesView> {
    const records = await this.unitOfWork.repository(VmInventoryRecord).find({ where: { runId }, order: { vmId: 'ASC' } });
    if (records.length === 0) throw new NotFoundException(`no inventory collected for run ${runId}`);
    return {
      runId,
      inventories: records.map((record) => ({
        vmId: record.vmId, os: record.os, packages: record.packages, services: record.services, collectedAt: record.collectedAt.toISOString(),
      })),
    };
  }
}
