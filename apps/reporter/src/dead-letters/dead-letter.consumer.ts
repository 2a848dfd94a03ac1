import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { DEAD_LETTER_PREFIX } from '@patchproof/contracts';
import { DEAD_LETTER_STREAM, isNotFound, JETSTREAM, JetStreamHandles } from '@patchproof/messaging';
import { ReporterConfig } from '../reporter.config';
import { RecordDeadLetterHandler } from './record-dead-letter.handler';

/** Shared by all reporter replicas, like the pipeline consumers. */
export const DEAD_LETTER_DURABLE = 'reporter--deadletters';

/**
 * Copies PATCHPROOF_DEADLETTER into the reporter's database. OnEvent serves contract subjects only,
 * so this is a plain durable pull consumer: acked after the insert, redelivered without limit when
 * the insert fails (a dead letter is the last trace of a message and must not be dropped).
 */
@Injectable()
export class DeadLetterConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadLetterConsumer.name);
  private messages?: ConsumerMessages;
  private pumping?: Promise<void>;

  constructor(
    @Inject(JETSTREAM) private readonly handles: JetStreamHandles,
    private readonly record: RecordDeadLetterHandler,
    private readonly config: ReporterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureConsumer();
    const consumer = await this.handles.js.consumers.get(DEAD_LETTER_STREAM, DEAD_LETTER_DURABLE);
    this.messages = await consumer.consume({ max_messages: 64 });
    this.pumping = this.pump(this.messages);
  }

  async onModuleDestroy(): Promise<void> {
    await this.messages?.close();
    await this.pumping;
  }

  private async ensureConsumer(): Promise<void> {
    const { jsm } = this.handles;
    try {
      await jsm.consumers.info(DEAD_LETTER_STREAM, DEAD_LETTER_DURABLE);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.consumers.add(DEAD_LETTER_STREAM, {
        durable_name: DEAD_LETTER_DURABLE,
        filter_subject: `${DEAD_LETTER_PREFIX}.>`,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(this.config.ACK_WAIT_MS),
      }).catch(async (addError: unknown) => {
        // Another replica created it at the same moment.
        await jsm.consumers.info(DEAD_LETTER_STREAM, DEAD_LETTER_DURABLE).catch(() => { throw addError; });
      });
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) await this.handle(message);
  }

  private async handle(message: JsMsg): Promise<void> {
    try {
      await this.record.execute({ streamSeq: message.seq, subject: message.subject, data: message.data });
      message.ack();
    } catch (error) {
      this.logger.warn(`dead letter seq ${message.seq} not recorded, retrying: ${(error as Error).message}`);
      message.nak(this.config.RETRY_DELAY_MS);
    }
  }
}
