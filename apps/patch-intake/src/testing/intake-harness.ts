import { INestApplication } from '@nestjs/common';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { EventEnvelope, PayloadOf, Subject } from '@patchproof/contracts';
import { connectJetStream, JetStreamHandles, PIPELINE_STREAM } from '@patchproof/messaging';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { createTestDatabase, expectEventually, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../app.module';
import { PatchIntakeConfig } from '../patch-intake.config';

/** Test support (not a spec): patch-intake booted in-process on a private database and nats-server. */

export const KEYS = {
  operator: `operator-${randomBytes(12).toString('hex')}`,
  publisher: `publisher-${randomBytes(12).toString('hex')}`,
  viewer: `viewer-${randomBytes(12).toString('hex')}`,
};

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

export interface IntakeHarness {
  url: string;
  /** The test's own JetStream connection, to read and publish events. */
  handles: JetStreamHandles;
  call<T = unknown>(method: string, path: string, options?: { key?: string | null; body?: unknown }): Promise<HttpResult<T>>;
  /** Every event of one subject in the stream, oldest first. */
  events<S extends Subject>(subject: S): Promise<Array<EventEnvelope<PayloadOf<S>>>>;
  /** Waits until the service has published every committed event (so nothing more is coming). */
  outboxDrained(): Promise<void>;
  sql<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startIntake(env: Record<string, string> = {}): Promise<IntakeHarness> {
  const [database, nats] = await Promise.all([createTestDatabase('pp_intake'), startTestNatsServer()]);
  let app: INestApplication | undefined;
  let handles: JetStreamHandles | undefined;
  const db = new Client({ connectionString: database.url });
  try {
    app = await boot(database, nats, env);
    handles = await connectJetStream({ url: nats.url, name: 'patch-intake-spec', duplicateWindowMs: 600_000 });
    await db.connect();
    return harness(await app.getUrl(), handles, db, async () => {
      await app?.close();
      await handles?.nc.close();
      await db.end();
      await Promise.all([nats.stop(), database.drop()]);
    });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await handles?.nc.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    await Promise.all([nats.stop(), database.drop()]);
    throw error;
  }
}

async function boot(database: TestDatabase, nats: TestNatsServer, env: Record<string, string>): Promise<INestApplication> {
  // The auth module reads its keys from the process environment.
  process.env.PATCHPROOF_BOOTSTRAP_KEY = KEYS.operator;
  process.env.PATCHPROOF_API_KEYS = JSON.stringify([
    { name: 'publisher', role: 'publisher', key: KEYS.publisher },
    { name: 'viewer', role: 'viewer', key: KEYS.viewer },
  ]);
  const config = loadConfig(PatchIntakeConfig, {
    DATABASE_URL: database.url, NATS_URL: nats.url, PORT: '0', LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '50', RETRY_DELAY_MS: '100',
    ADMISSION_INTERVAL_MS: '200', ...env,
  });
  return bootstrapService({ service: 'patch-intake', description: 'patch-intake under test', module: AppModule.register(config), config, port: config.PORT });
}

function harness(url: string, handles: JetStreamHandles, db: Client, close: () => Promise<void>): IntakeHarness {
  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => (await db.query(text, params)).rows as T[];
  return {
    url,
    handles,
    sql,
    close,
    call: (method, path, options = {}) => call(url, method, path, options),
    events: (subject) => readEvents(handles, subject),
    outboxDrained: async () => {
      await expectEventually(async () => {
        const [row] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM patch_intake.outbox WHERE published_at IS NULL');
        if (row.n !== 0) throw new Error(`${row.n} events not published yet`);
      }, { what: 'outbox drained' });
    },
  };
}

async function call<T>(url: string, method: string, path: string, options: { key?: string | null; body?: unknown }): Promise<HttpResult<T>> {
  const key = options.key === undefined ? KEYS.operator : options.key;
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, url), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Reads a subject with a throw-away consumer: everything in the stream now, nothing acknowledged. */
async function readEvents<S extends Subject>(handles: JetStreamHandles, subject: S): Promise<Array<EventEnvelope<PayloadOf<S>>>> {
  const name = `spec-${randomUUID()}`;
  const info = await handles.jsm.consumers.add(PIPELINE_STREAM, {
    name, filter_subject: subject, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, inactive_threshold: nanos(60_000),
  });
  try {
    const events: Array<EventEnvelope<PayloadOf<S>>> = [];
    if (info.num_pending === 0) return events;
    const consumer = await handles.js.consumers.get(PIPELINE_STREAM, name);
    const messages = await consumer.fetch({ max_messages: info.num_pending, expires: 5000 });
    for await (const message of messages) {
      events.push(message.json<EventEnvelope<PayloadOf<S>>>());
      if (events.length === info.num_pending) break;
    }
    return events;
  } finally {
    await handles.jsm.consumers.delete(PIPELINE_STREAM, name);
  }
}
