import { createEvent, EventEnvelope, RunRequestedV1 } from '@patchproof/contracts';
import { createMessagingTables, serviceDataSourceOptions } from '@patchproof/persistence';
import { createTestDatabase, expectEventually, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { DataSource } from 'typeorm';
import { connectJetStream, DEAD_LETTER_STREAM, JetStreamHandles, PIPELINE_STREAM } from './jetstream-connection';
import { JetStreamContext } from './jetstream.context';
import { JetStreamServer } from './jetstream.server';
import { OutboxRelay } from './outbox-relay';
import { UnitOfWork } from './unit-of-work';

const SCHEMA = 'messaging_spec';

function runRequested(runId: string): RunRequestedV1 {
  return {
    requestedAt: new Date().toISOString(),
    run: {
      runId,
      patch: { id: 'DSA-1', title: 't', severity: 'high', source: 'native', advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }], publishedAt: new Date().toISOString() },
      tenant: { id: 'acme', name: 'Acme', provider: 'fake', environmentRef: 'env-1', policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } },
    },
  };
}

describe('messaging on real NATS JetStream and PostgreSQL', () => {
  let database: TestDatabase;
  let nats: TestNatsServer;
  let dataSource: DataSource;
  let handles: JetStreamHandles;
  let relay: OutboxRelay;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    [database, nats] = await Promise.all([createTestDatabase(), startTestNatsServer()]);
    dataSource = await new DataSource(serviceDataSourceOptions({ url: database.url, schema: SCHEMA, entities: [], migrations: [] })).initialize();
    await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
    await createMessagingTables(dataSource.createQueryRunner(), SCHEMA);
    handles = await connectJetStream({ url: nats.url, name: 'spec', duplicateWindowMs: 60_000 });
    relay = new OutboxRelay(dataSource, handles.js, SCHEMA, { batchSize: 50, idlePollMs: 50, retentionMs: 3_600_000 });
    unitOfWork = new UnitOfWork(dataSource, relay);
  });

  afterAll(async () => {
    await relay?.stop();
    await handles?.nc.close();
    await dataSource?.destroy();
    await Promise.all([nats?.stop(), database?.drop()]);
  });

  it('publishes committed events once, even when the same event is committed and relayed twice', async () => {
    const origin = { causationId: '00000000-0000-4000-8000-000000000001', correlationId: '00000000-0000-4000-8000-000000000002' };
    const runId = '00000000-0000-4000-8000-0000000000aa';
    await unitOfWork.run(null, async (tx) => void tx.emit('patchproof.run.requested.v1', runRequested(runId), origin));
    await relay.drain();
    // A crash after publishing but before marking the row published: the row is relayed again.
    await dataSource.query(`UPDATE ${SCHEMA}.outbox SET published_at = NULL`);
    await relay.drain();
    const info = await handles.jsm.streams.info(PIPELINE_STREAM);
    expect(info.state.messages).toBe(1);
  });

  it('rolls back the state change and the event together', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`);
    const origin = { causationId: '00000000-0000-4000-8000-000000000003', correlationId: '00000000-0000-4000-8000-000000000004' };
    await expect(
      unitOfWork.run(null, async (tx) => {
        tx.emit('patchproof.run.requested.v1', runRequested('00000000-0000-4000-8000-0000000000bb'), origin);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    const after = await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('rejects an invalid payload at publish time, naming the field', () => {
    const payload = runRequested('not-a-uuid');
    expect(() => createEvent('patchproof.run.requested.v1', payload, { causationId: '00000000-0000-4000-8000-000000000005', correlationId: '00000000-0000-4000-8000-000000000006' }))
      .toThrow(/payload\.run\.runId/);
  });

  it('handles each event once, dead-letters malformed messages and keeps consuming', async () => {
    const handled: string[] = [];
    const server = new JetStreamServer(handles, unitOfWork, { service: 'spec', concurrency: 4, ackWaitMs: 5000, maxDeliver: 3, retryDelayMs: 10 });
    server.addHandler('patchproof.run.requested.v1', async (envelope: EventEnvelope<RunRequestedV1>, context: JetStreamContext) => {
      await unitOfWork.run(context.inboxKey, async () => void handled.push(envelope.payload.run.runId));
    }, true);
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    try {
      await handles.js.publish('patchproof.run.requested.v1', '{"id": 42}');
      const valid = createEvent('patchproof.run.requested.v1', runRequested('00000000-0000-4000-8000-0000000000cc'), { causationId: '00000000-0000-4000-8000-000000000007', correlationId: '00000000-0000-4000-8000-000000000008' });
      // Published twice without a message id (bypassing the server's dedupe): the inbox makes it a no-op.
      await handles.js.publish(valid.subject, JSON.stringify(valid));
      await handles.js.publish(valid.subject, JSON.stringify(valid));
      await expectEventually(async () => {
        expect(handled).toContain('00000000-0000-4000-8000-0000000000cc');
        const dead = await handles.jsm.streams.info(DEAD_LETTER_STREAM);
        expect(dead.state.messages).toBe(1);
        const consumer = await handles.jsm.consumers.info(PIPELINE_STREAM, 'spec--patchproof_run_requested_v1');
        expect(consumer.num_ack_pending).toBe(0);
        expect(consumer.num_pending).toBe(0);
      }, { what: 'all messages settled' });
      expect(handled.filter((id) => id === '00000000-0000-4000-8000-0000000000cc')).toHaveLength(1);
      const letter = await handles.jsm.streams.getMessage(DEAD_LETTER_STREAM, { last_by_subj: 'deadletter.spec--patchproof_run_requested_v1' });
      expect(letter?.json<{ reason: string; errors: string[] }>()).toMatchObject({ reason: 'invalid' });
      expect(letter?.json<{ errors: string[] }>().errors.join('\n')).toMatch(/correlationId/);
    } finally {
      await server.close();
    }
  });
});
