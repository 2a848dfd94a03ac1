import { Inject, Injectable, Logger } from '@nestjs/common';
import { causedBy, EventEnvelope, ReleaseAction, VerificationCompletedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { ProviderRegistry } from '@patchproof/vm-access';
import { REPLICATION_DRIVERS, ReplicationDriver } from '../drivers/replication-driver';
import { ReplicatorConfig } from '../replicator.config';
import { ReplicaRecord } from './replica-record.entity';

export interface ReleaseDelivery {
  inbox: InboxKey;
  /** 1 for the first delivery of the event. */
  deliveryCount: number;
}

/**
 * Use case: when a run's verdict is in, delete or keep its replica per the tenant's policy; after a
 * failed replication, clean up whatever it left. A failing release is retried with each redelivery;
 * on the last one the run is released anyway as `release-failed` — admission frees its slot on
 * `replica.released`, so a replica that cannot be deleted must not hold a slot forever. The replica
 * record stays `release-failed` for the reaper or an operator.
 */
@Injectable()
export class ReleaseReplicaHandler {
  private readonly log = new Logger(ReleaseReplicaHandler.name);

  constructor(
    @Inject(REPLICATION_DRIVERS) private readonly drivers: ProviderRegistry<ReplicationDriver>,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: ReplicatorConfig,
  ) {}

  async execute(event: EventEnvelope<VerificationCompletedV1>, delivery: ReleaseDelivery): Promise<void> {
    const { run, verdict } = event.payload;
    const record = await this.unitOfWork.repository(ReplicaRecord).findOneBy({ runId: run.runId });
    const outcome = await this.release(event, record, delivery.deliveryCount);
    await this.unitOfWork.run(delivery.inbox, async (tx) => {
      if (record) {
        const status = outcome.action === 'release-failed' ? 'release-failed' : 'released';
        await tx.manager.update(ReplicaRecord, { runId: run.runId }, { status, releasedAt: new Date(), releaseAction: outcome.action });
      }
      tx.emit('patchproof.replica.released.v1', { run, replicaId: record?.replicaId, ...outcome, verdict }, causedBy(event));
    });
  }

  private async release(event: EventEnvelope<VerificationCompletedV1>, record: ReplicaRecord | null, deliveryCount: number): Promise<{ action: ReleaseAction; reason?: string }> {
    const { run } = event.payload;
    try {
      return { action: await this.drivers.get(run.tenant.provider).release(run.tenant, record?.replicaId, { runId: run.runId, step: 'release' }) };
    } catch (error) {
      if (deliveryCount < this.config.MAX_DELIVER) throw error;
      const reason = `release failed after ${deliveryCount} attempts: ${(error as Error).message}`.slice(0, 2000);
      this.log.error(`run ${run.runId}: replica ${record?.replicaId ?? '(none)'} ${reason}`);
      return { action: 'release-failed', reason };
    }
  }
}
