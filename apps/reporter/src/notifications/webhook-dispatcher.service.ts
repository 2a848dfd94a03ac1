import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReporterConfig } from '../reporter.config';
import { NotificationRecord } from './notification.entity';

/** Rows are claimed for this long beyond the request timeout, so another reporter replica does not post them meanwhile. */
const LEASE_MARGIN_MS = 5000;
const BATCH = 20;

/**
 * Delivers queued notifications to NOTIFY_WEBHOOK_URL: POST of the verification.completed payload,
 * a timeout per attempt, retries with a doubling delay, then `failed` (logged as an error). Rows are
 * claimed with SKIP LOCKED, so replicas share the work. Delivery is at least once: receivers dedupe
 * by the X-Patchproof-Event-Id header.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;

  constructor(private readonly dataSource: DataSource, private readonly config: ReporterConfig) {}

  onApplicationBootstrap(): void {
    if (!this.config.NOTIFY_WEBHOOK_URL) return;
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Called after a run finished, so its notification goes out without waiting for the poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const due = await this.claim();
        await Promise.all(due.map((notification) => this.deliver(notification)));
        if (due.length === 0) await this.idle();
      } catch (error) {
        this.logger.warn(`webhook dispatcher: ${(error as Error).message}; retrying`);
        await this.idle();
      }
    }
  }

  private claim(): Promise<NotificationRecord[]> {
    return this.dataSource.transaction(async (manager) => {
      const due = await manager.getRepository(NotificationRecord).createQueryBuilder('notification')
        .where(`notification.status = 'pending' AND notification.next_attempt_at <= now()`)
        .orderBy('notification.next_attempt_at')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (due.length === 0) return due;
      await manager.createQueryBuilder().update(NotificationRecord)
        .set({ attempts: () => 'attempts + 1', nextAttemptAt: () => 'now() + CAST(:lease AS interval)' })
        .where('run_id IN (:...runIds)', { runIds: due.map((notification) => notification.runId), lease: `${this.config.NOTIFY_WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS} milliseconds` })
        .execute();
      return due.map((notification) => ({ ...notification, attempts: notification.attempts + 1 }));
    });
  }

  private async deliver(notification: NotificationRecord): Promise<void> {
    try {
      await this.post(notification);
      await this.dataSource.getRepository(NotificationRecord).update({ runId: notification.runId }, { status: 'delivered', deliveredAt: new Date(), lastError: null });
    } catch (error) {
      await this.recordFailure(notification, describe(error));
    }
  }

  private async post(notification: NotificationRecord): Promise<void> {
    const response = await fetch(this.config.NOTIFY_WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-patchproof-event-id': notification.eventId,
        'x-patchproof-subject': 'patchproof.verification.completed.v1',
      },
      body: JSON.stringify(notification.payload),
      signal: AbortSignal.timeout(this.config.NOTIFY_WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  }

  /** The URL is never logged: it may carry a token. */
  private async recordFailure(notification: NotificationRecord, reason: string): Promise<void> {
    const repository = this.dataSource.getRepository(NotificationRecord);
    if (notification.attempts >= this.config.NOTIFY_WEBHOOK_MAX_ATTEMPTS) {
      await repository.update({ runId: notification.runId }, { status: 'failed', lastError: reason });
      this.logger.error(`webhook notification of run ${notification.runId} failed after ${notification.attempts} attempts, giving up: ${reason}`);
      return;
    }
    const delayMs = this.config.NOTIFY_WEBHOOK_RETRY_DELAY_MS * 2 ** (notification.attempts - 1);
    await repository.createQueryBuilder().update()
      .set({ lastError: reason, nextAttemptAt: () => 'now() + CAST(:delay AS interval)' })
      .where({ runId: notification.runId })
      .setParameter('delay', `${delayMs} milliseconds`)
      .execute();
    this.logger.warn(`webhook notification of run ${notification.runId} attempt ${notification.attempts} failed (${reason}); retrying in ${delayMs} ms`);
  }

  private idle(): Promise<void> {
    if (this.kicked || !this.running) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.kicked = false;
        resolve();
      };
      const timer = setTimeout(done, Math.min(1000, this.config.NOTIFY_WEBHOOK_RETRY_DELAY_MS));
      this.wake = done;
    });
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${message}${cause}`.slice(0, 1000);
}
