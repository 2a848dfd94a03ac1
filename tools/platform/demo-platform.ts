import { ensureInfrastructure, Supervisor } from '@patchproof/supervisor';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiClient } from '../cli/api-client';
import { PlatformApi } from './platform-api';
import { bootstrapKey, repoRoot, secretKey } from './platform-env';

export interface RunningPlatform {
  supervisor: Supervisor;
  client: ApiClient;
  api: PlatformApi;
  databaseUrl: string;
  /** Stops the services, then whatever infrastructure was started for them. */
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Under .patchproof/ */
  logDirName: string;
  /** Added to every service's environment. */
  env?: NodeJS.ProcessEnv;
  /** A database of its own on the same server instead of `patchproof`; `fresh` drops a previous one first. */
  database?: { name: string; fresh: boolean };
  say: (line: string) => void;
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `name` on the server of `serverDatabaseUrl` (dropped first when `fresh`, created when missing); returns its URL. */
async function ownDatabase(serverDatabaseUrl: string, { name, fresh }: { name: string; fresh: boolean }): Promise<string> {
  if (!DATABASE_NAME.test(name)) throw new Error(`"${name}" is not a database name`);
  const url = new URL(serverDatabaseUrl);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/** The seven services on NATS and PostgreSQL (found or started), with the operator key of this checkout. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const root = repoRoot();
  const infrastructure = await ensureInfrastructure((line) => options.say(`patchproof: ${line}`));
  const databaseUrl = options.database ? await ownDatabase(infrastructure.databaseUrl, options.database) : infrastructure.databaseUrl;
  const key = bootstrapKey(root);
  const supervisor = new Supervisor({
    root,
    logDir: join(root, '.patchproof', options.logDirName),
    env: {
      ...process.env, NATS_URL: infrastructure.natsUrl, DATABASE_URL: databaseUrl, PATCHPROOF_BOOTSTRAP_KEY: key.key,
      PATCHPROOF_SECRET_KEY: secretKey(root), LOG_LEVEL: 'warn', ...options.env,
    },
  });
  const stop = async (): Promise<void> => {
    await supervisor.stopAll();
    await infrastructure.stop();
  };
  try {
    await supervisor.startAll();
  } catch (error) {
    await stop();
    throw error;
  }
  const client = new ApiClient({ intakeUrl: supervisor.url('patch-intake'), reporterUrl: supervisor.url('reporter'), apiKey: key.key });
  return { supervisor, client, api: new PlatformApi((service) => supervisor.url(service), key.key), databaseUrl, stop };
}
