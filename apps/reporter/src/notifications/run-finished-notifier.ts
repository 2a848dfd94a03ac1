import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, VerificationCompletedV1 } from '@patchproof/contracts';
import { EntityManager } from 'typeorm';
import { ReporterConfig } from '../reporter.config';
import { NotificationRecord } from './notification.entity';
import { WebhookDispatcher } from './webhook-dispatcher.service';

/** Tells the outside world that a run finished: one structured log line, and the webhook if configured. */
@Injectable()
export class RunFinishedNotifier {
  private readonly logger = new Logger('RunFinished');

  constructor(private readonly config: ReporterConfig, private readonly webhook: WebhookDispatcher) {}

  /** Inside the transaction that finished the run, so the notification exists if and only if the verdict does. */
  async queue(manager: EntityManager, envelope: EventEnvelope<VerificationCompletedV1>): Promise<void> {
    if (!this.config.NOTIFY_WEBHOOK_URL) return;
    await manager.createQueryBuilder().insert().into(NotificationRecord)
      .values({ runId: envelope.payload.run.runId, eventId: envelope.id, payload: envelope.payload, status: 'pending', attempts: 0 })
      .orIgnore()
      .execute();
  }

  /** After commit. */
  announce(envelope: EventEnvelope<VerificationCompletedV1>): void {
    const { run, verdict, failure } = envelope.payload;
    this.logger.log(JSON.stringify({
      event: 'run.finished', runId: run.runId, tenantId: run.tenant.id, patchId: run.patch.id, verdict, failureStep: failure?.step ?? null,
    }));
    this.webhook.kick();
  }
}
