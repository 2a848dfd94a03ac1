import { checkLocalDriverSupport, DEFAULT_IMAGES_DIR, LocalVmDriver, shippedTemplate } from '@patchproof/local-vm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { RunRow } from '../cli/run-progress';
import { buildDemoDebs, DemoDebs } from '../platform/demo-debs';
import { RunningPlatform, startPlatform } from '../platform/demo-platform';
import { createLocalTenant, installAsTenant, LocalSite, localServiceEnv, LocalTenant, prepareImages, publishLocalPatch } from '../platform/local-site';
import { PlatformApi, waitForRuns } from '../platform/platform-api';

/*
 * `npm run bench:local [-- --json] [--tenants 12] [--limits 1,3,5] [--repeats 3] [--only kept]`: the
 * local provider on real namespace VMs (`--only kept`: just the kept-replica figures). Needs root on Linux. Figures and machine: docs/benchmarks.md, "Real
 * environments (local driver)".
 */

const SITE: LocalSite = {
  stateDir: '/var/lib/patchproof/bench/local',
  prefix: 'ppb',
  addressPool: '198.18.128.0/18',
  imagesDir: DEFAULT_IMAGES_DIR,
  vaultDir: '/var/lib/patchproof/bench/vault',
  artifactDir: '/var/lib/patchproof/bench/artifacts',
};
const DATABASE = 'patchproof_bench_local';

/** The published figures (background.md): per 2-VM tenant on OpenStack. */
const LITERATURE = { fullReplicationMinutes: 60, keptReplicaMinutes: { low: 4, high: 5 }, vmsPerDay: 670, vmsPerDayParallel: 20 };

const VOLUME_TEMPLATE = `heat_template_version: 2018-08-31
description: one VM with a data volume (replica time against volume size)
resources:
  net: { type: PP::Net }
  data: { type: PP::Volume, properties: { size: 2G, mount_path: /srv/data } }
  vm:
    type: PP::Server
    properties:
      image: { packages: [] }
      networks: [{ network: net }]
      volumes: [data]
`;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const ARGS = {
  json: process.argv.includes('--json'),
  tenants: Number(argument('tenants') ?? 12),
  limits: (argument('limits') ?? '1,3,5').split(',').map(Number),
  repeats: Number(argument('repeats') ?? 3),
  only: argument('only'),
};
const log = (line: string): void => { if (!ARGS.json) process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await action();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function machine(): Record<string, string | number> {
  const fsType = execFileSync('stat', ['-f', '-c', '%T', '/var/lib'], { encoding: 'utf8' }).trim();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    kernel: execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
    node: process.version,
    stateFilesystem: fsType,
    loadAverageAtStart: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

/** Pattern A created from its template (images cached) against replicated, `repeats` times; medians. */
async function createVersusReplicate(driver: LocalVmDriver, repeats: number): Promise<Record<string, number>> {
  const template = await shippedTemplate('pattern-a');
  const create: number[] = [];
  const replicate: number[] = [];
  const release: number[] = [];
  for (let index = 1; index <= repeats; index += 1) {
    const id = `bench-create-${index}`;
    create.push((await timed(() => driver.createEnvironment(id, template))).seconds);
    replicate.push((await timed(() => driver.replicate(id, `${id}-r`, 'delete'))).seconds);
    release.push((await timed(() => driver.releaseReplica(`${id}-r`))).seconds);
    await driver.deleteEnvironment(id);
    log(`pattern A #${index}: create ${create.at(-1)?.toFixed(2)} s, replicate ${replicate.at(-1)?.toFixed(2)} s, delete replica ${release.at(-1)?.toFixed(2)} s`);
  }
  return { repeats, createSeconds: round(median(create)), replicateSeconds: round(median(replicate)), deleteReplicaSeconds: round(median(release)), replicateOverCreate: round(median(replicate) / median(create)) };
}

function fillVolume(driver: LocalVmDriver, id: string, file: string, megabytes: number): Promise<unknown> {
  return driver.exec(id, 'vm', ['dd', 'if=/dev/urandom', `of=/srv/data/${file}`, 'bs=1M', `count=${megabytes}`, 'conv=fsync', 'status=none'], { timeoutMs: 600_000 });
}

/** Replica time with 10 MB and then 1 GB on the volume, and a full copy of the 1 GB as the bound copy-on-write avoids. */
async function volumeSizes(driver: LocalVmDriver): Promise<Record<string, number>> {
  const id = 'bench-volume';
  await driver.createEnvironment(id, VOLUME_TEMPLATE);
  try {
    await fillVolume(driver, id, 'small', 10);
    const small = await timed(() => driver.replicate(id, `${id}-small`, 'delete'));
    await driver.deleteReplica(`${id}-small`);
    await fillVolume(driver, id, 'large', 1024);
    const large = await timed(() => driver.replicate(id, `${id}-large`, 'delete'));
    const seen = (await driver.exec(`${id}-large`, 'vm', ['du', '-sm', '/srv/data'])).stdout.split('\t')[0];
    await driver.deleteReplica(`${id}-large`);
    const volumeDir = (await driver.getEnvironment(id)).volumes[0].dir;
    const target = join(SITE.stateDir, 'copy-bound');
    // Until the copy is on disk (sync): otherwise it is only a copy into the page cache.
    const copy = await timed(async () => {
      execFileSync('cp', ['-a', '--reflink=never', volumeDir, target]);
      execFileSync('sync', ['-f', target]);
    });
    rmSync(target, { recursive: true, force: true });
    log(`volume: replicate with 10 MB ${small.seconds.toFixed(2)} s, with 1 GB ${large.seconds.toFixed(2)} s (replica sees ${seen} MB); cp -a + sync of the volume ${copy.seconds.toFixed(2)} s`);
    return { replicate10MbSeconds: round(small.seconds), replicate1GbSeconds: round(large.seconds), replicaSeesMb: Number(seen), fullCopy1GbSeconds: round(copy.seconds), largeOverSmall: round(large.seconds / small.seconds) };
  } finally {
    await driver.deleteEnvironment(id);
  }
}

interface Report {
  counts: { selected: number; passed: number; failed: number; errored: number };
  timings: Array<{ step: string; startedAt: string; completedAt: string; durationMs: number }>;
  vms: Array<{ name: string | null; tiers: Array<{ results: Array<{ testId: string; status: string; output: string }> }> }>;
}

interface RunFigures {
  steps: Record<string, number>;
  verifySeconds: number;
  /** `vm/test: last line of output` of every test that did not pass. */
  notPassed: string[];
  report: Report;
}

/** From the run's report: per-step seconds, the span from replicate to release, and what did not pass. */
async function runFigures(api: PlatformApi, run: RunRow): Promise<RunFigures> {
  const report = await api.call<Report>('reporter', 'GET', `/runs/${run.runId}/report`);
  const steps = Object.fromEntries(report.timings.map((timing) => [timing.step, round(timing.durationMs / 1000)]));
  const start = report.timings.find((timing) => timing.step === 'replicate')?.startedAt;
  const end = report.timings.find((timing) => timing.step === 'release')?.completedAt;
  const verifySeconds = start && end ? round((Date.parse(end) - Date.parse(start)) / 1000) : NaN;
  const notPassed = report.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results.filter((result) => result.status !== 'passed')
    .map((result) => `${vm.name}/${result.testId}: ${result.status}: ${result.output.trim().split('\n').at(-1)?.slice(0, 160) ?? ''}`)));
  return { steps, verifySeconds, notPassed, report };
}

function tenant(id: string, retention: LocalTenant['retention'] = 'delete'): LocalTenant {
  return { id, environmentId: `${id}-prod`, template: 'pattern-a', autoApply: false, retention, subscribe: ['pp-demo-app'] };
}

async function addTenant(api: PlatformApi, debs: DemoDebs, id: string, retention: LocalTenant['retention'] = 'delete'): Promise<number> {
  const { value: environment, seconds } = await timed(() => createLocalTenant(api, tenant(id, retention)));
  await installAsTenant(SITE, environment.credentialsRef, environment.vms, debs.installed);
  return seconds;
}

function platformWith(limit: number, fresh: boolean): Promise<RunningPlatform> {
  return startPlatform({
    logDirName: 'bench-local-logs', say: log, database: { name: DATABASE, fresh },
    env: { ...localServiceEnv(SITE), ADMISSION_PROVIDER_LIMITS: `local=${limit}`, ADMISSION_GLOBAL_LIMIT: String(Math.max(20, limit)) },
  });
}

async function verifyOnce(api: PlatformApi, debs: DemoDebs, id: string, expected: number): Promise<{ wallSeconds: number; runs: RunRow[] }> {
  const started = performance.now();
  const runsCreated = await publishLocalPatch(api, { id, title: 'pp-demo-app 1.1 (benchmark)', fixes: { name: 'pp-demo-app', fixedVersion: '1.1' }, deb: debs.good });
  if (runsCreated !== expected) throw new Error(`${id}: ${runsCreated} runs, expected ${expected}`);
  const runs = await waitForRuns(api, id, { expected, autoApply: new Set(), timeoutMs: 90 * 60_000, onProgress: (line) => log(`  ${line}`) });
  return { wallSeconds: round((performance.now() - started) / 1000), runs };
}

/** One pattern-A tenant verified through the running platform, alone. */
async function fullVerification(platform: RunningPlatform, debs: DemoDebs, stamp: string): Promise<Record<string, unknown>> {
  const createSeconds = await addTenant(platform.api, debs, 'bench-one');
  const { wallSeconds, runs } = await verifyOnce(platform.api, debs, `BENCH-ONE-${stamp}`, 1);
  const { steps, verifySeconds, notPassed, report } = await runFigures(platform.api, runs[0]);
  await platform.api.optional('replicator', 'DELETE', '/local/environments/bench-one-prod');
  await platform.api.optional('patch-intake', 'DELETE', '/tenants/bench-one');
  log(`one tenant: ${runs[0].verdict}, ${wallSeconds} s from publish to release; steps ${JSON.stringify(steps)}`);
  return { verdict: runs[0].verdict, tests: report.counts, notPassed, tenantCreateSeconds: round(createSeconds), wallSeconds, verifySeconds, steps };
}

/**
 * The literature's second mode: replicas kept between patches. Per retention mode, one pattern-A
 * tenant verifies two patches in a row; the first run replicates in full and keeps the replica (or its
 * volumes), the second reuses it — its time is the kept-replica figure.
 */
async function keptReplicas(platform: RunningPlatform, debs: DemoDebs, stamp: string): Promise<Array<Record<string, unknown>>> {
  const figures: Array<Record<string, unknown>> = [];
  for (const retention of ['retain', 'volumes'] as const) {
    const id = `bench-keep-${retention}`;
    await addTenant(platform.api, debs, id, retention);
    try {
      const first = await verifyOnce(platform.api, debs, `BENCH-KEEP-${retention.toUpperCase()}-1-${stamp}`, 1);
      const second = await verifyOnce(platform.api, debs, `BENCH-KEEP-${retention.toUpperCase()}-2-${stamp}`, 1);
      const { steps, notPassed } = await runFigures(platform.api, second.runs[0]);
      log(`kept replica (${retention}): first run ${first.wallSeconds} s, second run ${second.wallSeconds} s; steps ${JSON.stringify(steps)}`);
      figures.push({
        retention, firstRunSeconds: first.wallSeconds, secondRunSeconds: second.wallSeconds, secondOverFirst: round(second.wallSeconds / first.wallSeconds),
        verdicts: [first.runs[0].verdict, second.runs[0].verdict], releaseActions: [first.runs[0].releaseAction, second.runs[0].releaseAction], secondRunSteps: steps, notPassed,
      });
    } finally {
      await platform.api.optional('replicator', 'DELETE', `/local/environments/${id}-prod`);
      await platform.api.optional('patch-intake', 'DELETE', `/tenants/${id}`);
    }
  }
  return figures;
}

/** Lowest MemAvailable seen while `action` runs (sampled every 2 s). */
async function withMemoryLow<T>(action: () => Promise<T>): Promise<{ value: T; memAvailableMinGiB: number }> {
  const read = (): number => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 2 ** 20;
  let low = read();
  const timer = setInterval(() => { low = Math.min(low, read()); }, 2_000);
  try {
    return { value: await action(), memAvailableMinGiB: round(low, 1) };
  } finally {
    clearInterval(timer);
  }
}

async function scalingAt(limit: number, tenants: number, debs: DemoDebs, stamp: string): Promise<Record<string, unknown>> {
  const platform = await platformWith(limit, false);
  try {
    log(`${tenants} tenants, admission limit ${limit}`);
    const { value, memAvailableMinGiB } = await withMemoryLow(() => verifyOnce(platform.api, debs, `BENCH-SCALE-L${limit}-${stamp}`, tenants));
    const figures = await Promise.all(value.runs.map((run) => runFigures(platform.api, run)));
    const verify = figures.map((entry) => entry.verifySeconds);
    const notPassed = figures.flatMap((entry, index) => entry.notPassed.map((line) => `${value.runs[index].tenant.id} ${line}`));
    const verdicts = value.runs.reduce<Record<string, number>>((counts, run) => ({ ...counts, [run.verdict ?? 'none']: (counts[run.verdict ?? 'none'] ?? 0) + 1 }), {});
    const vmsPerDay = round((tenants * 2 * 86_400) / value.wallSeconds, 0);
    log(`  limit ${limit}: ${value.wallSeconds} s for ${tenants} tenants (${vmsPerDay} VMs/day), median run ${median(verify).toFixed(1)} s, verdicts ${JSON.stringify(verdicts)}`);
    return { limit, makespanSeconds: value.wallSeconds, medianRunSeconds: round(median(verify)), maxRunSeconds: round(Math.max(...verify)), vmsPerDay, verdicts, notPassed, memAvailableMinGiB };
  } finally {
    await platform.stop();
  }
}

function comparisons(create: Record<string, number>, one: Record<string, unknown>, scaling: Array<Record<string, unknown>>): Record<string, number> {
  const wall = Number(one.wallSeconds);
  const best = Math.max(...scaling.map((entry) => Number(entry.vmsPerDay)));
  return {
    oneTenantVsFullReplicationLiterature: round(wall / (LITERATURE.fullReplicationMinutes * 60), 4),
    oneTenantVsKeptReplicaLiterature: round(wall / (((LITERATURE.keptReplicaMinutes.low + LITERATURE.keptReplicaMinutes.high) / 2) * 60), 3),
    oneTenantOverRawCreate: round(wall / create.createSeconds),
    replicateStepOverRawCreate: round(Number((one.steps as Record<string, number>).replicate) / create.createSeconds),
    bestVmsPerDayOverLiterature: round(best / LITERATURE.vmsPerDay),
  };
}

interface Summary {
  machine: Record<string, string | number>;
  createVersusReplicate: Record<string, number>;
  volumes: Record<string, number>;
  oneTenant: Record<string, unknown>;
  scaling: { tenants: number; tenantCreateMedianSeconds: number; byLimit: Array<Record<string, unknown>> };
  ratios: Record<string, number>;
}

function printText(result: Summary): void {
  const { createVersusReplicate: create, volumes, oneTenant: one, scaling, ratios } = result;
  const lines = [
    `machine: ${JSON.stringify(result.machine)}`,
    `pattern A (2 VMs: PostgreSQL, MariaDB; router; 2 x 10 GiB volumes), median of ${create.repeats}:`,
    `  create from the template ${create.createSeconds} s; replicate ${create.replicateSeconds} s (x${create.replicateOverCreate} of create); delete the replica ${create.deleteReplicaSeconds} s`,
    `replica with 10 MB on the volume ${volumes.replicate10MbSeconds} s, with 1 GB ${volumes.replicate1GbSeconds} s (x${volumes.largeOverSmall}); copying the 1 GB volume (cp -a, then sync) ${volumes.fullCopy1GbSeconds} s`,
    `one pattern-A tenant through the platform: ${one.verdict} (${JSON.stringify(one.tests)}), ${one.wallSeconds} s from publish to release (replicate → release ${one.verifySeconds} s)`,
    `  steps (s): ${Object.entries(one.steps as Record<string, number>).map(([step, seconds]) => `${step} ${seconds}`).join(', ')}`,
    `  vs the literature: x${ratios.oneTenantVsFullReplicationLiterature} of >60 min (full replication, OpenStack); x${ratios.oneTenantVsKeptReplicaLiterature} of 4-5 min (replicas kept)`,
    `  vs this machine's raw create of the tenant: x${ratios.oneTenantOverRawCreate} (the replicate step alone x${ratios.replicateStepOverRawCreate})`,
    `${scaling.tenants} pattern-A tenants (${scaling.tenants * 2} VMs), created in ${scaling.tenantCreateMedianSeconds} s each (median):`,
    ...scaling.byLimit.flatMap((entry) => [
      `  admission limit ${entry.limit}: ${entry.makespanSeconds} s, ${entry.vmsPerDay} VMs/day; run median ${entry.medianRunSeconds} s, max ${entry.maxRunSeconds} s; ${JSON.stringify(entry.verdicts)}; MemAvailable low ${entry.memAvailableMinGiB} GiB`,
      ...(entry.notPassed as string[]).map((line) => `    not passed: ${line}`),
    ]),
    `  best VMs/day vs the literature's ~${LITERATURE.vmsPerDay} (20 tenants in parallel): x${ratios.bestVmsPerDayOverLiterature}`,
  ];
  console.log(lines.join('\n'));
}

async function cleanStart(driver: LocalVmDriver): Promise<void> {
  await driver.reap();
  for (const environment of (await driver.listEnvironments()).filter((record) => record.kind === 'tenant')) await driver.deleteEnvironment(environment.id);
}

async function main(): Promise<void> {
  const args = ARGS;
  const support = checkLocalDriverSupport();
  if (!support.ok) throw new Error(`the local provider cannot run here: ${support.reason}`);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const host = machine();
  await prepareImages(SITE, ['pattern-a'], log);
  const driver = new LocalVmDriver({ stateDir: SITE.stateDir, prefix: SITE.prefix, addressPool: SITE.addressPool, imagesDir: SITE.imagesDir, onProgress: () => undefined });
  await cleanStart(driver);
  const debDir = mkdtempSync(join(tmpdir(), 'pp-bench-debs-'));
  let platform: RunningPlatform | undefined;
  process.once('SIGINT', () => {
    log('interrupted: stopping the platform and deleting the benchmark environments');
    void Promise.resolve(platform?.stop()).then(() => cleanStart(driver)).finally(() => process.exit(130));
  });
  try {
    const debs = await buildDemoDebs(debDir);
    if (args.only === 'kept') {
      platform = await platformWith(1, true);
      const kept = await keptReplicas(platform, debs, stamp);
      const keptMinutes = (LITERATURE.keptReplicaMinutes.low + LITERATURE.keptReplicaMinutes.high) / 2;
      const ratios = Object.fromEntries(kept.map((entry) => [`${entry.retention}SecondRunVsKeptReplicaLiterature`, round(Number(entry.secondRunSeconds) / (keptMinutes * 60), 3)]));
      if (args.json) console.log(JSON.stringify({ date: new Date().toISOString(), literature: LITERATURE, machine: host, kept, ratios }, null, 2));
      else for (const entry of kept) console.log(`kept replica (${entry.retention}): first run ${entry.firstRunSeconds} s, second run ${entry.secondRunSeconds} s (x${entry.secondOverFirst}); verdicts ${JSON.stringify(entry.verdicts)}; vs 4-5 min: x${ratios[`${entry.retention}SecondRunVsKeptReplicaLiterature`]}`);
      return;
    }
    const create = await createVersusReplicate(driver, args.repeats);
    const volumes = await volumeSizes(driver);
    platform = await platformWith(1, true);
    const one = await fullVerification(platform, debs, stamp);
    const tenantCreate: number[] = [];
    for (let index = 1; index <= args.tenants; index += 1) tenantCreate.push(await addTenant(platform.api, debs, `bench-t${String(index).padStart(2, '0')}`));
    log(`${args.tenants} pattern-A tenants created (median ${median(tenantCreate).toFixed(2)} s each through POST /local/environments)`);
    await platform.stop();
    platform = undefined;
    const scaling: Array<Record<string, unknown>> = [];
    for (const limit of args.limits) scaling.push(await scalingAt(limit, args.tenants, debs, stamp));
    const summary: Summary = {
      machine: host, createVersusReplicate: create, volumes, oneTenant: one,
      scaling: { tenants: args.tenants, tenantCreateMedianSeconds: round(median(tenantCreate)), byLimit: scaling },
      ratios: comparisons(create, one, scaling),
    };
    if (args.json) console.log(JSON.stringify({ date: new Date().toISOString(), literature: LITERATURE, template: 'pattern-a', ...summary }, null, 2));
    else printText(summary);
  } finally {
    await platform?.stop();
    await cleanStart(driver);
    rmSync(debDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:local: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
