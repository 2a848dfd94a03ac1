import { createEvent, EventEnvelope, EventOrigin, PayloadOf, Subject } from '@patchproof/contracts';
import { InboxMessage } from '@patchproof/persistence';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { appendToOutbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** Identifies one received event for one consumer: the inbox key. */
export interface InboxKey {
  consumer: string;
  eventId: string;
}

export interface Transaction {
  manager: EntityManager;
  /** Queues an event to be published when (and only if) this transaction commits. */
  emit<S extends Subject>(subject: S, payload: PayloadOf<S>, origin: EventOrigin): EventEnvelope<PayloadOf<S>>;
}

/** Thrown when another delivery of the same event committed first; the caller treats it as done. */
export class AlreadyHandledError extends Error {
  constructor(readonly key: InboxKey) {
    super(`event ${key.eventId} already handled by ${key.consumer}`);
    this.name = 'AlreadyHandledError';
  }
}

/**
 * Commits a state change, the inbox record of the event that caused it, and the events it causes,
 * in one PostgreSQL transaction: a crash before commit leaves nothing, after commit the relay
 * publishes and redelivery of the cause is a no-op.
 */
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource, private readonly relay: OutboxRelay) {}

  async run<T>(inbox: InboxKey | null, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const emitted: EventEnvelope[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      if (inbox) {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(InboxMessage)
          .values({ consumer: inbox.consumer, eventId: inbox.eventId })
          .orIgnore()
          .returning(['consumer'])
          .execute();
        if ((inserted.raw as unknown[]).length === 0) throw new AlreadyHandledError(inbox);
      }
      const tx: Transaction = {
        manager,
        emit: (subject, payload, origin) => {
          const envelope = createEvent(subject, payload, origin);
          emitted.push(envelope);
          return envelope;
        },
      };
      const value = await work(tx);
      await appendToOutbox(manager, emitted);
      return value;
    });
    if (emitted.length > 0) this.relay.kick();
    return result;
  }

  /** Reads outside a transaction (state written by earlier events). */
  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.dataSource.getRepository(entity);
  }

  /** Several reads that must agree with each other (one REPEATABLE READ, read-only transaction). */
  snapshot<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return read(manager);
    });
  }

  async isHandled(inbox: InboxKey): Promise<boolean> {
    const rows = await this.dataSource.getRepository(InboxMessage).count({ where: { consumer: inbox.consumer, eventId: inbox.eventId } });
    return rows > 0;
  }

  /** Records an event as handled when its handler chose to change nothing. */
  async markHandled(inbox: InboxKey): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(InboxMessage).values(inbox).orIgnore().execute();
  }
}
