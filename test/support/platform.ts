import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NatsConnection } from '@nats-io/nats-core';
import { SERVICES, Supervisor } from '@patchproof/supervisor';
import { createTestDatabase, freePort, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { Client } from 'pg';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * The whole platform for one e2e suite: a private nats-server with JetStream, a fresh PostgreSQL
 * database, and the seven services as separate processes built from dist/.
 */
export class E2ePlatform {
  readonly apiKey = randomBytes(24).toString('base64url');
  readonly viewerKey = randomBytes(24).toString('base64url');
  readonly logDir = mkdtempSync(join(tmpdir(), 'pp-e2e-logs-'));
  supervisor!: Supervisor;
  nats!: TestNatsServer;
  database!: TestDatabase;
  nc!: NatsConnection;
  jsm!: JetStreamManager;
  db!: Client;

  static async start(env: NodeJS.ProcessEnv = {}, serviceEnv: Record<string, NodeJS.ProcessEnv> = {}): Promise<E2ePlatform> {
    const platform = new E2ePlatform();
    await platform.boot(env, serviceEnv);
    return platform;
  }

  private async boot(env: NodeJS.ProcessEnv, serviceEnv: Record<string, NodeJS.ProcessEnv>): Promise<void> {
    [this.nats, this.database] = await Promise.all([startTestNatsServer(), createTestDatabase('pp_e2e')]);
    const ports: Record<string, number> = {};
    for (const service of SERVICES) ports[service.name] = await freePort();
    this.supervisor = new Supervisor({
      root: join(__dirname, '..', '..'),
      ports,
      logDir: this.logDir,
      serviceEnv,
      env: {
        ...process.env,
        NATS_URL: this.nats.url,
        DATABASE_URL: this.database.url,
        PATCHPROOF_BOOTSTRAP_KEY: this.apiKey,
        PATCHPROOF_API_KEYS: JSON.stringify([{ name: 'e2e-viewer', role: 'viewer', key: this.viewerKey }]),
        PATCHPROOF_SECRET_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'warn',
        RETRY_DELAY_MS: '200',
        ...env,
      },
    });
    await this.supervisor.startAll();
    this.nc = await connect({ servers: this.nats.url });
    this.jsm = await jetstreamManager(this.nc);
    this.db = new Client({ connectionString: this.database.url });
    await this.db.connect();
  }

  async api<T = unknown>(service: string, method: string, path: string, body?: unknown, key: string | null = this.apiKey): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.supervisor.url(service)}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T };
  }

  /** The services' logs, for a failing test's message. */
  logs(): string {
    return readdirSync(this.logDir).map((file) => `--- ${file}\n${readFileSync(join(this.logDir, file), 'utf8').slice(-4000)}`).join('\n');
  }

  async stop(): Promise<void> {
    await this.supervisor?.stopAll();
    await this.db?.end().catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
    await Promise.all([this.nats?.stop(), this.database?.drop()]);
  }
}
