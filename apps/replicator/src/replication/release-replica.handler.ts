import { Inject, Injectable } from '@nestjs/common';
import { causedBy, EventEnvelope, VerificationCompletedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { ProviderRegistry } from '@patchproof/vm-access';
import { REPLICATION_DRIVERS, ReplicationDriver } from '../drivers/replication-driver';
import { ReplicaRecord } from './replica-record.entity';

/**
 * Use case: when a run's verdict is in, delete or keep its replica per the tenant's policy; after a
 * failed replication, clean up whatever it left. The release is retried until it succeeds.
 */
@Injectable()
export class ReleaseReplicaHandler {
  constructor(
    @Inject(REPLICATION_DRIVERS) private readonly drivers: ProviderRegistry<ReplicationDriver>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(event: EventEnvelope<VerificationCompletedV1>, inbox: InboxKey): Promise<void> {
    const { run, verdict } = event.payload;
    const record = await this.unitOfWork.repository(ReplicaRecord).findOneBy({ runId: run.runId });
    const action = await this.drivers.get(run.tenant.provider).release(run.tenant, record?.replicaId, { runId: run.runId, step: 'release' });
    await this.unitOfWork.run(inbox, async (tx) => {
      if (record) await tx.manager.update(ReplicaRecord, { runId: run.runId }, { status: 'released', releasedAt: new Date(), releaseAction: action });
      tx.emit('patchproof.replica.released.v1', { run, replicaId: record?.replicaId, action, verdict }, causedBy(event));
    });
  }
}
