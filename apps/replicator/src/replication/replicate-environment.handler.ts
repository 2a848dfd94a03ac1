import { Inject, Injectable, Logger } from '@nestjs/common';
import { causedBy, EventEnvelope, RunRequestedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { ProviderRegistry } from '@patchproof/vm-access';
import { REPLICATION_DRIVERS, ReplicationDriver } from '../drivers/replication-driver';
import { ReplicaRecord } from './replica-record.entity';

/** Use case: replicate the tenant's environment for a run, then announce the replica (or the failure). */
@Injectable()
export class ReplicateEnvironmentHandler {
  private readonly logger = new Logger(ReplicateEnvironmentHandler.name);

  constructor(
    @Inject(REPLICATION_DRIVERS) private readonly drivers: ProviderRegistry<ReplicationDriver>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(event: EventEnvelope<RunRequestedV1>, inbox: InboxKey): Promise<void> {
    const { run } = event.payload;
    const key = { runId: run.runId, step: 'replicate' };
    let replica;
    try {
      replica = await this.drivers.get(run.tenant.provider).replicate(run.tenant, key);
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.warn(`run ${run.runId}: replication failed: ${reason}`);
      await this.unitOfWork.run(inbox, async (tx) => void tx.emit('patchproof.run.failed.v1', { run, step: 'replicate', reason }, causedBy(event)));
      return;
    }
    await this.unitOfWork.run(inbox, async (tx) => {
      await tx.manager.createQueryBuilder().insert().into(ReplicaRecord).values({
        runId: run.runId, replicaId: replica.replicaId, provider: replica.provider, tenantId: run.tenant.id,
        environmentRef: run.tenant.environmentRef, reused: replica.reused, status: 'active',
      }).orIgnore().execute();
      tx.emit('patchproof.environment.replicated.v1', { run, replica }, causedBy(event));
    });
  }
}
