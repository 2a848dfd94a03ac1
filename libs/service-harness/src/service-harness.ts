import { INestApplication } from '@nestjs/common';
import { createEvent, EventEnvelope, PatchSpec, PayloadOf, RunContext, Subject, TenantPolicy } from '@patchproof/contracts';
import { FakeCloud, FakeEnvironmentSpec } from '@patchproof/fake-cloud';
import { connectJetStream, durableName, JetStreamHandles, PIPELINE_STREAM } from '@patchproof/messaging';
import { createTestDatabase, expectEventually, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Test support (not shipped behaviour): one service in-process on real PostgreSQL and real NATS JetStream. */
export class ServiceHarness {
  readonly apiKey = randomBytes(18).toString('base64url');
  private fakeCloud?: FakeCloud;
  private database?: TestDatabase;
  private nats?: TestNatsServer;
  private handles?: JetStreamHandles;
  private sql?: Client;
  private app?: INestApplication;
  private baseUrl = '';

  constructor(private readonly service: string, private readonly schema: string) {}

  /**
   * `boot` gets the environment to load the service's config from and starts it (bootstrapService).
   * Call `close()` in afterAll even when this throws: it releases whatever was started.
   */
  async start(boot: (env: NodeJS.ProcessEnv) => Promise<INestApplication>): Promise<this> {
    [this.database, this.nats] = await Promise.all([createTestDatabase(), startTestNatsServer()]);
    this.fakeCloud = await FakeCloud.open(this.database.url);
    this.handles = await connectJetStream({ url: this.nats.url, name: `${this.service}-spec`, duplicateWindowMs: 600_000 });
    this.sql = new Client({ connectionString: this.database.url });
    await this.sql.connect();
    // AuthModule reads its keys from process.env when the module is built.
    process.env.PATCHPROOF_BOOTSTRAP_KEY = this.apiKey;
    this.app = await boot({
      DATABASE_URL: this.database.url, NATS_URL: this.nats.url, PORT: '0', PATCHPROOF_BOOTSTRAP_KEY: this.apiKey,
      RETRY_DELAY_MS: '50', OUTBOX_POLL_MS: '50', ACK_WAIT_MS: '5000', LOG_LEVEL: 'error',
    });
    this.baseUrl = await this.app.getUrl();
    return this;
  }

  /** The simulated cloud the service reaches VMs through (same database). */
  get cloud(): FakeCloud {
    return started(this.fakeCloud);
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.handles?.nc.close();
    await this.sql?.end();
    await this.fakeCloud?.close();
    await Promise.all([this.nats?.stop(), this.database?.drop()]);
  }

  /** Publishes an input event as its producer would (with msgID), or as a bare redelivery (without). */
  async publish<S extends Subject>(subject: S, payload: PayloadOf<S>, options: { envelope?: EventEnvelope<PayloadOf<S>>; dedupe?: boolean } = {}): Promise<{ envelope: EventEnvelope<PayloadOf<S>>; seq: number }> {
    const runId = (payload as { run?: RunContext }).run?.runId;
    const envelope = options.envelope ?? createEvent(subject, payload, { causationId: randomUUID(), correlationId: randomUUID(), runId });
    const ack = await started(this.handles).js.publish(subject, JSON.stringify(envelope), options.dedupe === false ? {} : { msgID: envelope.id });
    return { envelope, seq: ack.seq };
  }

  /** Every event of `subject` for the run in the PATCHPROOF stream, oldest first. */
  async events<S extends Subject>(subject: S, runId: string): Promise<EventEnvelope<PayloadOf<S>>[]> {
    const { state } = await started(this.handles).jsm.streams.info(PIPELINE_STREAM);
    const found: EventEnvelope<PayloadOf<S>>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await started(this.handles).jsm.streams.getMessage(PIPELINE_STREAM, { seq });
      if (message?.subject !== subject) continue;
      const envelope = message.json<EventEnvelope<PayloadOf<S>>>();
      if ((envelope.payload as { run?: RunContext }).run?.runId === runId) found.push(envelope);
    }
    return found;
  }

  /** Waits for the first event of `subject` for the run. */
  async event<S extends Subject>(subject: S, runId: string): Promise<EventEnvelope<PayloadOf<S>>> {
    return expectEventually(async () => {
      const [first] = await this.events(subject, runId);
      if (!first) throw new Error(`no ${subject} for run ${runId}`);
      return first;
    }, { what: `${subject} for run ${runId}` });
  }

  /** Waits until the service acked everything up to `seq` on `subject` and published all it committed. */
  async settled(subject: Subject, seq: number): Promise<void> {
    await expectEventually(async () => {
      const info = await started(this.handles).jsm.consumers.info(PIPELINE_STREAM, durableName(this.service, subject));
      expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(seq);
      expect(info.num_ack_pending).toBe(0);
      const { rows } = await started(this.sql).query(`SELECT count(*)::int AS n FROM "${this.schema}".outbox WHERE published_at IS NULL`);
      expect(rows[0].n).toBe(0);
    }, { what: `${this.service} settled on ${subject} up to seq ${seq}` });
  }

  async get<T>(path: string, key: string | null = this.apiKey): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: response.status, body: (await response.json()) as T };
  }
}

function started<T>(resource: T | undefined): T {
  if (resource === undefined) throw new Error('ServiceHarness.start() has not completed');
  return resource;
}

/** A simulated tenant: one Debian 12 VM running PostgreSQL 15. */
export function debianEnvironment(id: string, overrides: Partial<FakeEnvironmentSpec> = {}): FakeEnvironmentSpec {
  return {
    id,
    seed: 7,
    ecosystem: 'Debian:12',
    vms: [{
      name: 'db1',
      os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' },
      packages: [{ name: 'postgresql-15', version: '15.8-0+deb12u1', arch: 'amd64' }, { name: 'openssl', version: '3.0.14-1~deb12u2', arch: 'amd64' }],
      services: [{ name: 'postgresql', port: 5432, packages: ['postgresql-15'] }],
    }],
    latencyMs: {},
    failureRate: {},
    faults: [],
    ...overrides,
  };
}

export const POSTGRES_PATCH: PatchSpec = {
  id: 'DSA-5999-1',
  title: 'postgresql-15 security update',
  severity: 'high',
  source: 'native',
  advisoryIds: ['CVE-2024-10979'],
  packages: [{ ecosystem: 'Debian:12', name: 'postgresql-15', fixedVersion: '15.10-0+deb12u1' }],
  publishedAt: '2026-11-20T10:00:00.000Z',
};

export function runContext(environmentRef: string, policy: Partial<TenantPolicy> = {}): RunContext {
  return {
    runId: randomUUID(),
    patch: POSTGRES_PATCH,
    tenant: {
      id: 'acme',
      name: 'Acme',
      provider: 'fake',
      environmentRef,
      policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete', ...policy },
    },
  };
}
