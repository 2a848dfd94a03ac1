import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { EventEnvelope, validateEvent } from '@patchproof/contracts';
import { eventsConsumed, handlerDuration } from '@patchproof/observability';
import { lastValueFrom, isObservable } from 'rxjs';
import { publishDeadLetter } from './dead-letter';
import { JetStreamContext } from './jetstream.context';
import { isNotFound, JetStreamHandles, PIPELINE_STREAM } from './jetstream-connection';
import { RetryLaterError } from './expected-errors';
import { AlreadyHandledError, UnitOfWork } from './unit-of-work';

export interface ConsumerOptions {
  /** Service name; durable consumers are `${service}--${subject}`, shared by all replicas of the service. */
  service: string;
  /** Messages handled at once per subject. */
  concurrency: number;
  ackWaitMs: number;
  /** Deliveries before a failing message is dead-lettered. */
  maxDeliver: number;
  /** Delay before a failed message is redelivered (grows with the delivery count). */
  retryDelayMs: number;
}

export function durableName(service: string, subject: string): string {
  return `${service}--${subject.replace(/\./g, '_')}`;
}

/**
 * A NestJS transport strategy for JetStream pull consumers. Each `@EventPattern(subject)` gets a
 * durable consumer; every message is validated against the contract (invalid → dead letter, never
 * redelivered), skipped when the inbox says it was handled, and acked only after its handler
 * committed. Failures are retried with a delay, then dead-lettered.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(JetStreamServer.name);
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly handles: JetStreamHandles,
    private readonly unitOfWork: UnitOfWork,
    private readonly options: ConsumerOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const subject of this.messageHandlers.keys()) await this.consume(subject);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const subscription of this.subscriptions) await subscription.close();
    await Promise.allSettled([...this.inFlight]);
  }

  on(): void {
    throw new Error('JetStreamServer has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.handles.nc as T;
  }

  private async consume(subject: string): Promise<void> {
    const durable = durableName(this.options.service, subject);
    await this.ensureConsumer(durable, subject);
    const consumer = await this.handles.js.consumers.get(PIPELINE_STREAM, durable);
    const messages = await consumer.consume({ max_messages: this.options.concurrency });
    this.subscriptions.push(messages);
    void this.pump(messages, subject, durable);
  }

  private async ensureConsumer(durable: string, subject: string): Promise<void> {
    const config = {
      durable_name: durable,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.options.ackWaitMs),
      max_deliver: this.options.maxDeliver + 1,
      max_ack_pending: Math.max(1000, this.options.concurrency * 4),
    };
    try {
      await this.handles.jsm.consumers.info(PIPELINE_STREAM, durable);
      await this.handles.jsm.consumers.update(PIPELINE_STREAM, durable, {
        ack_wait: config.ack_wait, max_deliver: config.max_deliver, max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.handles.jsm.consumers.add(PIPELINE_STREAM, config).catch(async (addError: unknown) => {
        await this.handles.jsm.consumers.info(PIPELINE_STREAM, durable).catch(() => { throw addError; });
      });
    }
  }

  /** Bounded concurrency: at most `concurrency` messages of this subject are in a handler at once. */
  private async pump(messages: ConsumerMessages, subject: string, durable: string): Promise<void> {
    const running = new Set<Promise<void>>();
    for await (const message of messages) {
      if (this.closing) {
        message.nak();
        continue;
      }
      const task = this.process(message, subject, durable).finally(() => {
        running.delete(task);
        this.inFlight.delete(task);
      });
      running.add(task);
      this.inFlight.add(task);
      if (running.size >= this.options.concurrency) await Promise.race(running);
    }
  }

  private async process(message: JsMsg, subject: string, durable: string): Promise<void> {
    const check = validateEvent(subject, message.data);
    if (!check.ok) {
      eventsConsumed.inc({ subject, outcome: 'invalid' });
      this.log.warn(`dead-lettering invalid ${subject} message (seq ${message.seq}): ${check.errors.join('; ')}`);
      await this.deadLetter(message, subject, durable, 'invalid', check.errors);
      return;
    }
    const envelope = check.envelope as EventEnvelope;
    const context = new JetStreamContext([message, durable, envelope]);
    if (await this.unitOfWork.isHandled(context.inboxKey)) {
      eventsConsumed.inc({ subject, outcome: 'duplicate' });
      message.ack();
      return;
    }
    const heartbeat = setInterval(() => message.working(), Math.max(1000, this.options.ackWaitMs / 3));
    const timer = handlerDuration.startTimer({ subject });
    try {
      const handler = this.messageHandlers.get(subject);
      if (!handler) throw new Error(`no handler for ${subject}`);
      const result = await handler(envelope, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      await this.unitOfWork.markHandled(context.inboxKey);
      eventsConsumed.inc({ subject, outcome: 'handled' });
      message.ack();
    } catch (error) {
      if (error instanceof AlreadyHandledError) {
        eventsConsumed.inc({ subject, outcome: 'duplicate' });
        message.ack();
        return;
      }
      await this.retryOrDeadLetter(message, subject, durable, error as Error);
    } finally {
      clearInterval(heartbeat);
      timer();
    }
  }

  private async retryOrDeadLetter(message: JsMsg, subject: string, durable: string, error: Error): Promise<void> {
    const deliveries = message.info.deliveryCount;
    if (deliveries >= this.options.maxDeliver) {
      eventsConsumed.inc({ subject, outcome: 'exhausted' });
      this.log.error(`dead-lettering ${subject} after ${deliveries} deliveries: ${error.message}`);
      await this.deadLetter(message, subject, durable, 'exhausted', [error.message]);
      return;
    }
    eventsConsumed.inc({ subject, outcome: 'retry' });
    if (error instanceof RetryLaterError) this.log.debug(`${subject} delivery ${deliveries} must wait: ${error.message}`);
    else this.log.warn(`${subject} delivery ${deliveries} failed, retrying: ${error.message}`);
    message.nak(this.options.retryDelayMs * deliveries);
  }

  private async deadLetter(message: JsMsg, subject: string, durable: string, reason: 'invalid' | 'exhausted', errors: string[]): Promise<void> {
    try {
      await publishDeadLetter(this.handles.js, {
        subject,
        consumer: durable,
        reason,
        errors,
        deliveryCount: message.info.deliveryCount,
        body: Buffer.from(message.data).toString('utf8').slice(0, 65536),
        streamSequence: message.seq,
        deadAt: new Date().toISOString(),
      });
      message.term(); // no reason text: NATS 2.9 ignores "+TERM <reason>"
    } catch (error) {
      this.log.error(`could not dead-letter ${subject} seq ${message.seq}: ${(error as Error).message}`);
      message.nak(this.options.retryDelayMs);
    }
  }
}
