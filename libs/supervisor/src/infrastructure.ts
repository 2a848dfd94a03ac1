import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect as netConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface Infrastructure {
  natsUrl: string;
  databaseUrl: string;
  /** What was started here (and is stopped by `stop`), for the user to see. */
  started: string[];
  stop(): Promise<void>;
}

export class MissingInfrastructureError extends Error {}

const DEFAULT_NATS = 'nats://127.0.0.1:4222';
const DEFAULT_POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432';

/**
 * NATS and PostgreSQL for the platform: the ones named by NATS_URL / DATABASE_URL; else the ones on
 * localhost's default ports; else private ones started from the installed binaries in a temporary
 * directory; else a message naming exactly what to install.
 */
export async function ensureInfrastructure(log: (line: string) => void): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  const useLocalNats = !process.env.NATS_URL && (await reachable('127.0.0.1', 4222));
  const localPostgres = process.env.DATABASE_URL ? 'configured' : await probeLocalPostgres();
  assertInstallable(!process.env.NATS_URL && !useLocalNats, localPostgres);
  try {
    const natsUrl = process.env.NATS_URL ?? (useLocalNats ? DEFAULT_NATS : await startNats(stops, started, log));
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      if (localPostgres === 'refused') log('PostgreSQL on 127.0.0.1:5432 wants a password for user postgres: starting a private one instead (or set DATABASE_URL)');
      const server = localPostgres === 'usable' ? DEFAULT_POSTGRES_SERVER : await startPostgres(stops, started, log);
      databaseUrl = await ensureDatabase(server, 'patchproof');
    }
    return { natsUrl, databaseUrl, started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

type LocalPostgres = 'configured' | 'usable' | 'refused' | 'absent';

/** Whether localhost's PostgreSQL lets user `postgres` in without a password (Debian's default is peer/password). */
async function probeLocalPostgres(): Promise<LocalPostgres> {
  if (!(await reachable('127.0.0.1', 5432))) return 'absent';
  const client = new Client({ connectionString: `${DEFAULT_POSTGRES_SERVER}/postgres`, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return 'usable';
  } catch {
    return 'refused';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One message naming everything that is missing, rather than one per attempt. */
function assertInstallable(needNats: boolean, postgres: LocalPostgres): void {
  const missing: string[] = [];
  if (needNats && !findBinary('nats-server')) missing.push('nats-server (no NATS at 127.0.0.1:4222; or set NATS_URL)');
  const needPostgres = postgres === 'absent' || postgres === 'refused';
  if (needPostgres && !(findBinary('initdb', postgresBinDirs()) && findBinary('postgres', postgresBinDirs()))) {
    missing.push(postgres === 'refused'
      ? 'postgresql (the server at 127.0.0.1:5432 wants a password for user postgres; or set DATABASE_URL)'
      : 'postgresql (no PostgreSQL at 127.0.0.1:5432; or set DATABASE_URL)');
  }
  if (missing.length === 0) return;
  const packages = missing.map((line) => line.split(' ')[0]).join(' ');
  throw new MissingInfrastructureError(`missing: ${missing.join('; ')}. Install with: apt-get install ${packages}`);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

function findBinary(name: string, extraDirs: string[] = []): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', ...extraDirs]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().reverse().map((version) => join(root, version, 'bin'));
}

async function startNats(stops: Array<() => Promise<void>>, started: string[], log: (line: string) => void): Promise<string> {
  const binary = findBinary('nats-server');
  if (!binary) throw new MissingInfrastructureError('No NATS server at 127.0.0.1:4222 and no nats-server binary. Install it (Debian: apt-get install nats-server) or set NATS_URL.');
  const dir = mkdtempSync(join(tmpdir(), 'patchproof-nats-'));
  const port = await freeLoopbackPort();
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  stops.push(async () => { await stopChild(child); rmSync(dir, { recursive: true, force: true }); });
  await waitFor(() => reachable('127.0.0.1', port), 'nats-server');
  started.push(`nats-server (JetStream) on 127.0.0.1:${port}, data in ${dir}`);
  log(`started nats-server on 127.0.0.1:${port}`);
  return `nats://127.0.0.1:${port}`;
}

async function startPostgres(stops: Array<() => Promise<void>>, started: string[], log: (line: string) => void): Promise<string> {
  const initdb = findBinary('initdb', postgresBinDirs());
  const postgres = findBinary('postgres', postgresBinDirs());
  if (!initdb || !postgres) throw new MissingInfrastructureError('No PostgreSQL at 127.0.0.1:5432 and no PostgreSQL binaries. Install them (Debian: apt-get install postgresql) or set DATABASE_URL.');
  const dir = mkdtempSync(join(tmpdir(), 'patchproof-pg-'));
  const port = await freeLoopbackPort();
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asUser.length) execFileSync('chown', ['postgres', dir]);
  execFileSync(asUser[0] ?? initdb, [...asUser.slice(1), ...(asUser.length ? [initdb] : []), '-D', dir, '-U', 'postgres', '-A', 'trust'], { stdio: 'ignore' });
  const args = ['-D', dir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];
  const child = spawn(asUser[0] ?? postgres, [...asUser.slice(1), ...(asUser.length ? [postgres] : []), ...args], { stdio: 'ignore' });
  stops.push(async () => { await stopChild(child); rmSync(dir, { recursive: true, force: true }); });
  await waitFor(() => reachable('127.0.0.1', port), 'postgres');
  started.push(`PostgreSQL on 127.0.0.1:${port}, data in ${dir}`);
  log(`started PostgreSQL on 127.0.0.1:${port}`);
  return `postgres://postgres@127.0.0.1:${port}`;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${serverUrl}/${name}`;
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill(signal);
  });
}
