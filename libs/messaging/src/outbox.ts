import { EventEnvelope } from '@patchproof/contracts';
import { OutboxMessage } from '@patchproof/persistence';
import { EntityManager } from 'typeorm';

/** Adds events to the outbox inside the caller's transaction; the relay publishes them after commit. */
export async function appendToOutbox(manager: EntityManager, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  const table = manager.connection.getMetadata(OutboxMessage).tablePath;
  // The same derived event id twice in one schema is the same event: keep the first.
  await manager.query(
    `INSERT INTO ${table} (event_id, subject, envelope)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) ON CONFLICT (event_id) DO NOTHING`,
    [envelopes.map((e) => e.id), envelopes.map((e) => e.subject), envelopes.map((e) => JSON.stringify(e))],
  );
}
