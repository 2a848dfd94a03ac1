import { DEFAULT_IMAGES_DIR, LocalVmDriver } from '@patchproof/local-vm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunRow } from '../cli/run-progress';
import { buildDemoDebs, DemoDebs } from './demo-debs';
import { RunningPlatform, startPlatform } from './demo-platform';
import {
  ActualEnvironment, createLocalTenant, installAsTenant, LocalPatch, LocalSite, LocalTenant, localServiceEnv, prepareImages, publishLocalPatch, versionOn,
} from './local-site';
import { PlatformApi, waitForRuns } from './platform-api';

const SITE: LocalSite = {
  stateDir: '/var/lib/patchproof/demo/local',
  prefix: 'ppd',
  addressPool: '198.18.0.0/17',
  imagesDir: DEFAULT_IMAGES_DIR,
  vaultDir: '/var/lib/patchproof/demo/vault',
  artifactDir: '/var/lib/patchproof/demo/artifacts',
};

const TENANTS: Array<LocalTenant & { story: string }> = [
  {
    id: 'acme-db', environmentId: 'acme-db-prod', template: 'pattern-a', autoApply: true, retention: 'delete', subscribe: ['pp-demo-app', 'pp-demo-pgtune'],
    story: 'pattern A: PostgreSQL and MariaDB on two networks joined by a router; auto-apply ON',
  },
  {
    id: 'globex-web', environmentId: 'globex-web-prod', template: 'pattern-b', autoApply: false, retention: 'delete', subscribe: ['pp-demo-app'],
    story: 'pattern B: nginx and apache2 behind an haproxy load balancer; auto-apply OFF',
  },
];

interface TenantOutcome {
  tenant: string;
  verdict: string | null;
  failure: RunRow['failure'];
  rollout: RunRow['rollout'];
  replica: string | null;
  tests: { selected: number; passed: number; failed: number; errored: number };
  /** Function checks first: they say what broke; data checks that could not even read follow. */
  failedTests: Array<{ vm: string | null; test: string; subject: string; output: string }>;
  /** The patched package on the tenant's actual VMs, before and after the run: VM → version. */
  actual: { package: string; before: Record<string, string>; after: Record<string, string> };
}

interface PatchStory {
  kind: 'good' | 'bad';
  patch: LocalPatch;
  outcomes: TenantOutcome[];
}

interface ReportBody {
  counts: { selected: number; passed: number; failed: number; errored: number };
  vms: Array<{ name: string | null; tiers: Array<{ results: Array<{ name: string; status: string; subject: string; output: string }> }> }>;
}

/**
 * The demo on the `local` provider: real namespace VMs on this host. Two tenants' actual environments
 * are created from templates; a good patch passes on its replicas and is rolled out to the tenant
 * that agreed; a bad patch breaks PostgreSQL on the replica and never reaches the tenant.
 */
export async function runLocalDemo(json: boolean): Promise<string[]> {
  const say = (line: string): void => { if (!json) console.log(line); };
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const debDir = mkdtempSync(join(tmpdir(), 'pp-demo-debs-'));
  let platform: RunningPlatform | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> => (cleaning ??= finish(platform, debDir, say));
  const interrupt = (): void => {
    say('\ninterrupted: deleting the demo environments…');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  try {
    say(`[1/6] base images (cached in ${SITE.imagesDir}; built once, a minute or so each)`);
    const imageSeconds = await prepareImages(SITE, ['pattern-a', 'pattern-b'], (line) => say(`      ${line}`));
    say(`      ready in ${imageSeconds.toFixed(0)} s`);
    const debs = await buildDemoDebs(debDir);
    say(`[2/6] .deb packages built with dpkg-deb: ${[...debs.installed.map((item) => item.deb), debs.good, debs.bad].map((deb) => deb.fileName).join(', ')}`);
    say('[3/6] starting the seven services with the local provider enabled (database patchproof_local_demo, recreated and kept for inspection; logs in .patchproof/demo-local-logs/)…');
    platform = await startPlatform({ logDirName: 'demo-local-logs', env: localServiceEnv(SITE), database: { name: 'patchproof_local_demo', fresh: true }, say });
    const environments = await createTenants(platform.api, debs, say);
    const stories = [
      await verify(platform.api, environments, 'good', goodPatch(debs, stamp), say),
      await verify(platform.api, environments, 'bad', badPatch(debs, stamp), say),
    ];
    const deviations = storyDeviations(stories);
    if (json) console.log(JSON.stringify({ provider: 'local', tenants: TENANTS.map(({ story: _story, ...tenant }) => tenant), patches: stories, deviations }, null, 2));
    else printStories(stories);
    return deviations;
  } finally {
    process.removeListener('SIGINT', interrupt);
    await cleanUp();
  }
}

function goodPatch(debs: DemoDebs, stamp: string): LocalPatch {
  return { id: `PP-LOCAL-GOOD.${stamp}`, title: 'pp-demo-app 1.1 (a good update)', fixes: { name: 'pp-demo-app', fixedVersion: '1.1' }, deb: debs.good };
}

function badPatch(debs: DemoDebs, stamp: string): LocalPatch {
  return { id: `PP-LOCAL-BAD.${stamp}`, title: 'pp-demo-pgtune 1.1 (puts an invalid setting into postgresql.conf)', fixes: { name: 'pp-demo-pgtune', fixedVersion: '1.1' }, deb: debs.bad };
}

/** Actual environments from the templates, the tenants and their subscriptions, and their own software (v1.0). */
async function createTenants(api: PlatformApi, debs: DemoDebs, say: (line: string) => void): Promise<Map<string, ActualEnvironment>> {
  say('[4/6] the tenants\' actual environments (POST /local/environments on the replicator)');
  const environments = new Map<string, ActualEnvironment>();
  for (const tenant of TENANTS) {
    const started = Date.now();
    const environment = await createLocalTenant(api, tenant);
    environments.set(tenant.id, environment);
    say(`      ${tenant.id.padEnd(11)} ${tenant.story}`);
    say(`      ${''.padEnd(11)} ${environment.vms.map((vm) => `${vm.name} ${vm.address}`).join(', ')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await installAsTenant(SITE, environment.credentialsRef, environment.vms, debs.installed);
  }
  say('      the tenants\' own software, installed over SSH with their vault logins: pp-demo-app 1.0 everywhere; on the database VMs');
  say('      pp-demo-site 1.0 (PostgreSQL and MariaDB listen on the network) and, where PostgreSQL runs, pp-demo-pgtune 1.0');
  return environments;
}

async function actualVersions(api: PlatformApi, environment: ActualEnvironment, pkg: string): Promise<Record<string, string>> {
  const current = await api.call<ActualEnvironment>('replicator', 'GET', `/local/environments/${environment.id}`);
  return Object.fromEntries(current.vms.map((vm) => [vm.name, versionOn(vm, pkg)]));
}

/** Publishes one patch with its .deb, waits for every run (and rollout), and reads what happened to the actual VMs. */
async function verify(api: PlatformApi, environments: Map<string, ActualEnvironment>, kind: PatchStory['kind'], patch: LocalPatch, say: (line: string) => void): Promise<PatchStory> {
  const pkg = patch.fixes.name;
  const tenants = TENANTS.filter((tenant) => tenant.subscribe.includes(pkg));
  const before = new Map<string, Record<string, string>>();
  for (const tenant of tenants) before.set(tenant.id, await actualVersions(api, required(environments, tenant.id), pkg));
  say(`[${kind === 'good' ? 5 : 6}/6] ${kind} patch ${patch.id}: ${patch.title}`);
  const runsCreated = await publishLocalPatch(api, patch);
  say(`      published with ${patch.deb.fileName} (sha256 ${patch.deb.sha256.slice(0, 12)}…), uploaded; ${runsCreated} run(s)`);
  const autoApply = new Set(tenants.filter((tenant) => tenant.autoApply).map((tenant) => tenant.id));
  const runs = await waitForRuns(api, patch.id, { expected: runsCreated, autoApply, timeoutMs: 20 * 60_000, onProgress: (line) => say(`      ${line}`) });
  const outcomes: TenantOutcome[] = [];
  for (const run of runs) {
    const environment = required(environments, run.tenant.id);
    const after = await actualVersions(api, environment, pkg);
    outcomes.push(await outcomeOf(api, run, { package: pkg, before: before.get(run.tenant.id) ?? {}, after }));
  }
  return { kind, patch, outcomes: outcomes.sort((a, b) => a.tenant.localeCompare(b.tenant)) };
}

async function outcomeOf(api: PlatformApi, run: RunRow, actual: TenantOutcome['actual']): Promise<TenantOutcome> {
  const report = await api.call<ReportBody>('reporter', 'GET', `/runs/${run.runId}/report`);
  const failedTests = report.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results.filter((result) => result.status !== 'passed' && result.status !== 'skipped')
    .map((result) => ({ vm: vm.name, test: result.name, subject: result.subject, output: result.output.trim().split('\n').slice(-2).join(' ').slice(0, 160) }))))
    .sort((a, b) => Number(a.subject !== 'function') - Number(b.subject !== 'function'));
  const { selected, passed, failed, errored } = report.counts;
  return {
    tenant: run.tenant.id, verdict: run.verdict ?? null, failure: run.failure ?? null, rollout: run.rollout ?? null, replica: run.releaseAction ?? null,
    tests: { selected, passed, failed, errored }, failedTests, actual,
  };
}

/**
 * What the demo claims, checked against what happened: the good patch passes everywhere and reaches
 * exactly the auto-apply tenants' actual VMs; the bad patch fails and reaches no actual VM.
 */
export function storyDeviations(stories: readonly PatchStory[]): string[] {
  const deviations: string[] = [];
  for (const { kind, patch, outcomes } of stories) {
    for (const outcome of outcomes) {
      const autoApply = TENANTS.find((tenant) => tenant.id === outcome.tenant)?.autoApply ?? false;
      const changed = Object.keys(outcome.actual.after).filter((vm) => outcome.actual.before[vm] !== outcome.actual.after[vm]);
      const upgraded = Object.values(outcome.actual.after).some((version) => version === patch.fixes.fixedVersion);
      const where = `${kind} patch on ${outcome.tenant}`;
      if (kind === 'good' && outcome.verdict !== 'passed') deviations.push(`${where}: verdict ${outcome.verdict}, expected passed`);
      if (kind === 'bad' && outcome.verdict !== 'failed') deviations.push(`${where}: verdict ${outcome.verdict}, expected failed`);
      const shouldReach = kind === 'good' && autoApply;
      if (shouldReach && (outcome.rollout?.status !== 'applied' || !upgraded)) deviations.push(`${where}: expected rolled out to ${patch.fixes.fixedVersion}, rollout ${outcome.rollout?.status ?? 'none'}`);
      if (!shouldReach && changed.length > 0) deviations.push(`${where}: actual VMs changed (${changed.join(', ')}) though the patch should not reach them`);
    }
  }
  return deviations;
}

function required<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no ${key}`);
  return value;
}

function describeVersions(actual: TenantOutcome['actual']): string {
  return Object.keys(actual.after).filter((vm) => actual.after[vm] !== '(not installed)')
    .map((vm) => (actual.before[vm] === actual.after[vm] ? `${vm} ${actual.after[vm]} (unchanged)` : `${vm} ${actual.before[vm]} → ${actual.after[vm]}`)).join(', ');
}

function describeRollout(outcome: TenantOutcome): string {
  if (outcome.rollout) return `rolled out to the actual VMs: ${outcome.rollout.status}${outcome.rollout.reason ? ` (${outcome.rollout.reason})` : ''}`;
  if (outcome.verdict !== 'passed') return 'never applied to the actual VMs';
  return 'not rolled out: the tenant decides (auto-apply off)';
}

function printOutcome(outcome: TenantOutcome): void {
  const pad = ''.padEnd(11);
  const { passed, selected, failed, errored } = outcome.tests;
  console.log(`    ${outcome.tenant.padEnd(11)} ${String(outcome.verdict).toUpperCase()} on its replica: ${passed}/${selected} tests passed${failed + errored > 0 ? `, ${failed} failed, ${errored} errors` : ''} (replica ${outcome.replica})`);
  if (outcome.failure && outcome.failure.step !== 'test') console.log(`    ${pad} failed at ${outcome.failure.step}: ${outcome.failure.reason.slice(0, 150)}`);
  for (const test of outcome.failedTests.slice(0, 3)) console.log(`    ${pad} ✗ ${test.vm ?? '?'}: ${test.test} (${test.subject}) — ${test.output}`);
  if (outcome.failedTests.length > 3) console.log(`    ${pad}   … and ${outcome.failedTests.length - 3} more (npx patchproof report <run id>)`);
  console.log(`    ${pad} ${describeRollout(outcome)}; actual ${outcome.actual.package}: ${describeVersions(outcome.actual)}`);
}

function printStories(stories: PatchStory[]): void {
  console.log('\nwhat happened (local provider — real namespace VMs):');
  for (const { kind, patch, outcomes } of stories) {
    console.log(`\n  ${kind} patch ${patch.id} — ${patch.title}`);
    for (const outcome of outcomes) printOutcome(outcome);
  }
}

/** Deletes the demo's environments (through the API, or directly if the services are gone) and stops the platform. */
async function finish(platform: RunningPlatform | undefined, debDir: string, say: (line: string) => void): Promise<void> {
  const direct = new LocalVmDriver({ stateDir: SITE.stateDir, prefix: SITE.prefix, addressPool: SITE.addressPool, imagesDir: SITE.imagesDir });
  for (const tenant of TENANTS) {
    const viaApi = platform ? await platform.api.optional('replicator', 'DELETE', `/local/environments/${tenant.environmentId}`).then(() => true, () => false) : false;
    if (!viaApi) await direct.deleteEnvironment(tenant.environmentId).catch(() => undefined);
  }
  say('deleted the demo environments and their replicas');
  await platform?.stop();
  rmSync(debDir, { recursive: true, force: true });
}
