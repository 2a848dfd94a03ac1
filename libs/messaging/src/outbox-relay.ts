import { Logger } from '@nestjs/common';
import { JetStreamClient } from '@nats-io/jetstream';
import { eventsPublished } from '@patchproof/observability';
import { DataSource } from 'typeorm';
import { publishDeadLetter } from './dead-letter';

function isTooLarge(error: unknown): boolean {
  return /max(imum)?[ _]payload/i.test(String((error as Error)?.message ?? error));
}

export interface OutboxRelayOptions {
  batchSize: number;
  idlePollMs: number;
  /** Published rows are deleted after this long (longer than JetStream's duplicate window). */
  retentionMs: number;
}

interface PendingRow {
  seq: string;
  event_id: string;
  subject: string;
  envelope: unknown;
}

/**
 * Publishes committed outbox rows to JetStream with their event id as message id. Rows are claimed
 * with SKIP LOCKED, so replicas of a service share the work; a crash after publishing and before
 * marking republishes the same id, which the server's duplicate window and consumers' inboxes drop.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly schema: string,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Called after a commit that added rows, so they go out without waiting for the poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Publishes everything pending now; used by tests and by shutdown. */
  async drain(): Promise<number> {
    let total = 0;
    for (let published = await this.publishBatch(); published > 0; published = await this.publishBatch()) total += published;
    return total;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const published = await this.publishBatch();
        await this.pruneOccasionally();
        if (published === 0) await this.idle();
      } catch (error) {
        this.logger.warn(`outbox relay: ${(error as Error).message}; retrying`);
        await this.idle();
      }
    }
  }

  private idle(): Promise<void> {
    if (this.kicked) {
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
      const timer = setTimeout(done, this.options.idlePollMs);
      this.wake = done;
    });
  }

  private async publishBatch(): Promise<number> {
    const table = `"${this.schema}".outbox`;
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT seq, event_id, subject, envelope FROM ${table} WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      const outcomes = await Promise.allSettled(
        rows.map((row) => this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.event_id })),
      );
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') eventsPublished.inc({ subject: rows[index].subject, duplicate: String(outcome.value.duplicate) });
        else if (isTooLarge(outcome.reason)) await this.setAsideTooLarge(rows[index], outcome.reason as Error);
        else throw outcome.reason;
      }
      await manager.query(`UPDATE ${table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((row) => row.seq)]);
      return rows.length;
    });
  }

  /**
   * An event larger than the server's max_payload can never be published; left in place it would
   * block the outbox for good. It goes to the dead-letter stream (truncated) for operators instead.
   */
  private async setAsideTooLarge(row: PendingRow, error: Error): Promise<void> {
    const body = JSON.stringify(row.envelope);
    this.logger.error(`outbox: ${row.subject} event ${row.event_id} is ${body.length} bytes, over the server's limit; dead-lettered`);
    await publishDeadLetter(this.js, {
      subject: row.subject, consumer: `${this.schema}-outbox`, reason: 'exhausted', errors: [`not publishable: ${error.message} (${body.length} bytes)`],
      deliveryCount: 0, body: body.slice(0, 65536), streamSequence: Number(row.seq), deadAt: new Date().toISOString(),
    });
  }

  private async pruneOccasionally(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM "${this.schema}".outbox WHERE published_at < now() - ($1::int * interval '1 millisecond')`,
      [this.options.retentionMs],
    );
  }
}
