import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';

/** Raw JetStream: publish with msgID, then consume with a durable pull consumer and explicit ack. */
export async function measureJetStream(natsUrl: string, messages: number): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `BENCH_${randomUUID().slice(0, 8)}`;
  await jsm.streams.add({ name: stream, subjects: [`${stream.toLowerCase()}.>`] });
  await jsm.consumers.add(stream, { durable_name: 'bench', ack_policy: AckPolicy.Explicit });
  const body = JSON.stringify({ id: randomUUID(), payload: 'x'.repeat(1500) });
  const started = performance.now();
  for (let sent = 0; sent < messages; sent += 500) {
    const batch = Math.min(500, messages - sent);
    await Promise.all(Array.from({ length: batch }, () => js.publish(`${stream.toLowerCase()}.event`, body, { msgID: randomUUID() })));
  }
  const consumer = await js.consumers.get(stream, 'bench');
  let received = 0;
  while (received < messages) {
    const batch = await consumer.fetch({ max_messages: Math.min(500, messages - received), expires: 5000 });
    for await (const message of batch) {
      message.ack();
      received += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await jsm.streams.delete(stream);
  await nc.close();
  return messages / seconds;
}

/** Raw PostgreSQL: one transaction per handled event (inbox row, state row, outbox row), 16 at a time. */
export async function measurePostgres(databaseUrl: string, transactions: number): Promise<number> {
  const setup = new Client({ connectionString: databaseUrl });
  await setup.connect();
  const table = `bench_${randomUUID().slice(0, 8)}`;
  await setup.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, kind text NOT NULL, body jsonb NOT NULL)`);
  const pool = new Pool({ connectionString: databaseUrl, max: 16 });
  const body = JSON.stringify({ payload: 'x'.repeat(1500) });
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    const client = await pool.connect();
    try {
      while (next < transactions) {
        next += 1;
        await client.query('BEGIN');
        for (const kind of ['inbox', 'state', 'outbox']) await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [randomUUID(), kind, body]);
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  await setup.query(`DROP TABLE ${table}`);
  await setup.end();
  return transactions / seconds;
}
