import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVICES, Supervisor } from '@patchproof/supervisor';
import { createTestDatabase, freePort, startTestNatsServer } from '@patchproof/testing';
import { measureJetStream, measurePostgres } from './raw-bounds';


function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function argument(name: string, fallback: number): number {
  const value = option(name);
  return value === undefined ? fallback : Number(value);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const tenants = argument('tenants', 1000);
  const json = process.argv.includes('--json');
  const log = (line: string) => { if (!json) process.stderr.write(`${line}\n`); };
  const [nats, database] = await Promise.all([startTestNatsServer(), createTestDatabase('pp_bench')]);
  const key = randomBytes(24).toString('base64url');
  const ports: Record<string, number> = {};
  for (const service of SERVICES) ports[service.name] = await freePort();
  // --profile DIR: each service writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profileDir = option('profile');
  const supervisor = new Supervisor({
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [],
    root: join(__dirname, '..', '..', '..'), ports, logDir: join(__dirname, '..', '..', '..', '.patchproof', 'bench-logs'),
    env: { ...process.env, NATS_URL: nats.url, DATABASE_URL: database.url, PATCHPROOF_BOOTSTRAP_KEY: key, LOG_LEVEL: 'warn', ADMISSION_GLOBAL_LIMIT: String(tenants), CONSUMER_CONCURRENCY: '32' },
  });
  try {
    log(`starting services; ${tenants} simulated tenants (fake provider, zero latency)`);
    await supervisor.startAll();
    const call = async (service: string, method: string, path: string, body: unknown) => {
      const response = await fetch(`${supervisor.url(service)}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    for (let index = 0; index < tenants; index += 20) {
      await Promise.all(Array.from({ length: Math.min(20, tenants - index) }, (_, offset) => registerTenant(call, index + offset)));
      if (!json && process.stderr.isTTY) process.stderr.write(`\rregistered ${Math.min(tenants, index + 20)}/${tenants}`);
    }
    log('');
    const publishedAt = Date.now();
    await call('patch-intake', 'POST', '/patches', PATCH);
    const finished = await waitForCompletions(nats.url, tenants, (done) => { if (!json && process.stderr.isTTY) process.stderr.write(`\rcompleted ${done}/${tenants}`); });
    const wall = (Math.max(...finished) - publishedAt) / 1000;
    log('');
    const latencies = finished.map((at) => at - publishedAt).sort((a, b) => a - b);
    // What one run cost, counted from this batch rather than assumed: deliveries to the services'
    // durable consumers, and one transaction per handled delivery plus each effect the simulated cloud executed.
    const deliveriesPerRun = round((await durableDeliveries(nats.url)) / tenants);
    const transactionsPerRun = round(deliveriesPerRun + (await executionsPerRunOf(database.url)));
    log('measuring the raw bound (JetStream publish+consume, PostgreSQL transactions) on the same machine');
    const jetstreamRate = await measureJetStream(nats.url, Math.min(50_000, Math.ceil(tenants * deliveriesPerRun)));
    const postgresRate = await measurePostgres(database.url, Math.min(50_000, Math.ceil(tenants * transactionsPerRun)));
    const bound = Math.min(jetstreamRate / deliveriesPerRun, postgresRate / transactionsPerRun);
    const result = {
      tenants, wallSeconds: round(wall), runsPerSecond: round(tenants / wall),
      latencyMs: { p50: latencies.length ? percentile(latencies, 50) : null, p99: latencies.length ? percentile(latencies, 99) : null },
      bound: { runsPerSecond: round(bound), jetstreamDeliveriesPerSecond: round(jetstreamRate), postgresTransactionsPerSecond: round(postgresRate), deliveriesPerRun, transactionsPerRun },
      ratio: round(tenants / wall / bound),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30), node: process.version },
    };
    if (json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`pipeline: ${result.runsPerSecond} runs/s end to end (${tenants} runs in ${result.wallSeconds} s); publish→completed p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`);
      console.log(`bound:    ${result.bound.runsPerSecond} runs/s (raw JetStream ${result.bound.jetstreamDeliveriesPerSecond} deliveries/s ÷ ${deliveriesPerRun}; raw PostgreSQL ${result.bound.postgresTransactionsPerSecond} tx/s ÷ ${result.bound.transactionsPerRun})`);
      console.log(`ratio:    ${result.ratio} of the bound`);
    }
  } finally {
    await supervisor.stopAll();
    await Promise.all([nats.stop(), database.drop()]);
  }
}

const PATCH = {
  id: 'PP-BENCH-1', title: 'bench patch', severity: 'high', source: 'native', advisoryIds: [],
  packages: [{ ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1' }],
};

type Call = (service: string, method: string, path: string, body: unknown) => Promise<Record<string, unknown>>;

async function registerTenant(call: Call, index: number): Promise<void> {
  const id = `bench-${index}`;
  await call('replicator', 'POST', '/fake/environments', {
    id: `${id}-env`, seed: index, ecosystem: 'Debian:12', latencyMs: {}, failureRate: {}, faults: [],
    vms: [{ name: 'db1', os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' }, packages: [{ name: 'libssl3', version: '3.0.13-1~deb12u1' }, { name: 'postgresql-15', version: '15.6-0+deb12u1' }], services: [{ name: 'postgresql', port: 5432, packages: ['postgresql-15', 'libssl3'] }] }],
  });
  await call('patch-intake', 'POST', '/tenants', { id, name: id, provider: 'fake', environmentRef: `${id}-env`, policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } });
  await call('patch-intake', 'POST', `/tenants/${id}/subscriptions`, { ecosystem: 'Debian:12' });
}

/** Completion times (ms since epoch) of every run, read from verification.completed as it arrives. */
async function waitForCompletions(natsUrl: string, expected: number, progress: (done: number) => void): Promise<number[]> {
  const nc = await connect({ servers: natsUrl });
  const consumer = await jetstream(nc).consumers.get('PATCHPROOF', { filter_subjects: 'patchproof.verification.completed.v1' });
  const times: number[] = [];
  const deadline = Date.now() + 60 * 60_000;
  while (times.length < expected && Date.now() < deadline) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 2000 });
    for await (const message of batch) times.push(Date.parse(message.json<{ occurredAt: string }>().occurredAt));
    progress(times.length);
  }
  await nc.close();
  return times;
}

/** Deliveries (redeliveries included) to every durable consumer of the pipeline's stream. */
async function durableDeliveries(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    let total = 0;
    for await (const consumer of (await jetstreamManager(nc)).consumers.list('PATCHPROOF')) {
      if (consumer.config.durable_name) total += consumer.delivered.consumer_seq;
    }
    return total;
  } finally {
    await nc.close();
  }
}

/** Side effects the simulated cloud executed per run (its execution ledger). */
async function executionsPerRunOf(databaseUrl: string): Promise<number> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::float / greatest(count(DISTINCT run_id), 1) AS n FROM fake_cloud.execution');
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
