import { TestResult } from '@patchproof/contracts';
import { LocalVmDriver, shippedTemplate, ShippedTemplateName } from '@patchproof/local-vm';
import { SeedTest, STARTER_CATALOG } from '@patchproof/test-selection';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { E2ePlatform } from './platform';

/** Where the catalog suite keeps its namespace VMs: its own prefix, state directory and address pool. */
export interface CatalogSite {
  prefix: string;
  stateDir: string;
  addressPool: string;
  vaultDir: string;
  artifactDir: string;
}

/** Every service with the local provider enabled, on this suite's state, vault and artifact directories. */
export function catalogSiteEnv(site: CatalogSite): NodeJS.ProcessEnv {
  return {
    REPLICATOR_DRIVERS: 'fake,local',
    VM_ACCESS_PROVIDERS: 'fake,local',
    LOCAL_VM_STATE_DIR: site.stateDir,
    LOCAL_VM_PREFIX: site.prefix,
    LOCAL_VM_ADDRESS_POOL: site.addressPool,
    PATCHPROOF_VAULT_DIR: site.vaultDir,
    PATCHPROOF_ARTIFACT_DIR: site.artifactDir,
  };
}

/** Base images of the templates from the shared cache, built when missing (before any HTTP call could time out on it). */
export async function ensureImages(templates: readonly ShippedTemplateName[]): Promise<void> {
  const log = (line: string): void => {
    if (/: building |built in/.test(line)) console.log(`[catalog-local] ${line}`);
  };
  const images = new LocalVmDriver({ onProgress: log });
  for (const name of templates) await images.ensureImages(await shippedTemplate(name));
}

export interface ActualEnvironment {
  id: string;
  credentialsRef: string;
  vms: Array<{ vmId: string; name: string; address: string; packages?: Array<{ name: string; version: string }> }>;
}

async function ok<T>(pending: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const response = await pending;
  if (response.status >= 300) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The tenant's actual environment from a shipped template, the tenant (provider local) and its Debian 12 subscription. */
export async function addLocalTenant(platform: E2ePlatform, tenantId: string, template: ShippedTemplateName): Promise<ActualEnvironment> {
  const environment = await ok(platform.api<ActualEnvironment>('replicator', 'POST', '/local/environments', { id: `${tenantId}-prod`, template }), `create ${template}`);
  await ok(platform.api('patch-intake', 'POST', '/tenants', {
    id: tenantId, name: tenantId, provider: 'local', environmentRef: environment.id, credentialsRef: environment.credentialsRef,
    policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' },
  }), `register ${tenantId}`);
  await ok(platform.api('patch-intake', 'POST', `/tenants/${tenantId}/subscriptions`, { ecosystem: 'Debian:12' }), `subscribe ${tenantId}`);
  return environment;
}

/** One installed package's version on an actual VM, as GET /local/environments/:id reads it from the VM. */
export async function installedVersion(platform: E2ePlatform, environmentId: string, vmName: string, pkg: string): Promise<string> {
  const environment = await ok(platform.api<ActualEnvironment>('replicator', 'GET', `/local/environments/${environmentId}`), `GET ${environmentId}`);
  const version = environment.vms.find((vm) => vm.name === vmName)?.packages?.find((entry) => entry.name === pkg)?.version;
  if (!version) throw new Error(`${pkg} is not installed on ${environmentId}/${vmName}`);
  return version;
}

export interface CatalogRunReport {
  verdict: string | null;
  counts: { selected: number; executed: number; passed: number; failed: number; errored: number; skipped: number };
  vms: Array<{ vmId: string; name: string | null; tiers: Array<{ tier: string; results: TestResult[] }> }>;
  preparations: TestResult[];
  /** Each replica VM's apply outcome (status `applied`, `failed` with its evidence, or `error`). */
  patch: Array<{ vmId: string; status?: string; failure?: { kind: string; reason: string } }>;
}

export async function reportOf(platform: E2ePlatform, runId: string): Promise<CatalogRunReport> {
  return ok(platform.api<CatalogRunReport>('reporter', 'GET', `/runs/${runId}/report`), `report of ${runId}`);
}

/** Every result of the report, as `<vm> <test> <status> <ms>` lines with the output of anything that did not pass. */
export function describeResults(report: CatalogRunReport): string {
  const lines = report.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results.map((result) => {
    const measured = result.measurement ? ` (${result.measurement.baseline} → ${result.measurement.after} ${result.measurement.unit})` : '';
    const line = `${vm.name ?? vm.vmId} ${result.testId} ${result.status} ${result.durationMs} ms${measured}`;
    return result.status === 'passed' ? line : `${line}\n    ${result.output.split('\n').join('\n    ')}`;
  })));
  const preparations = report.preparations.filter((result) => result.status !== 'passed').map((result) => `prepare ${result.testId} ${result.status}\n    ${result.output}`);
  return [...preparations, ...lines].join('\n');
}

/**
 * The starter tests a VM of a shipped template should get: those of the function and software groups
 * its software belongs to (through its software group). Tests with a `listeningPort` condition (the
 * TLS tests, port 443) included: the web VMs of pattern B serve HTTPS, and no other VM has their group.
 */
export function expectedStarterTests(groups: readonly string[]): string[] {
  const applies = (test: SeedTest): boolean => groups.includes(test.targetId ?? '');
  return STARTER_CATALOG.tests.filter(applies).map((test) => test.id).sort();
}

/** What is left on the host with the suite's prefix: namespaces, links, mounts under its state directory. */
export function leftovers(site: CatalogSite): { namespaces: string[]; links: string[]; mounts: string[] } {
  const names = (argv: string[], key: 'name' | 'ifname'): string[] => {
    const out = execFileSync('ip', argv, { encoding: 'utf8' }).trim();
    return out ? (JSON.parse(out) as Array<Record<string, string>>).map((entry) => entry[key]) : [];
  };
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((line) => line.split(' ')[4] ?? '');
  return {
    namespaces: names(['-j', 'netns', 'list'], 'name').filter((name) => name.startsWith(`${site.prefix}-`)),
    links: names(['-j', 'link', 'show'], 'ifname').filter((name) => name.startsWith(site.prefix)),
    mounts: mounts.filter((point) => point.startsWith(site.stateDir)),
  };
}

/**
 * After a suite: deletes the tenants' environments (every replica goes with them), stops the
 * platform, and expects 204 for each deletion and nothing of the site left on the host.
 */
export async function tearDownSite(platform: E2ePlatform | undefined, environments: ReadonlyMap<string, ActualEnvironment>, site: CatalogSite, work: string): Promise<void> {
  const deleted = platform ? await Promise.all([...environments.values()].map((environment) => platform.api('replicator', 'DELETE', `/local/environments/${environment.id}`))) : [];
  await platform?.stop();
  rmSync(work, { recursive: true, force: true });
  expect(deleted.map((response) => response.status)).toEqual([...environments.keys()].map(() => 204));
  expect(leftovers(site)).toEqual({ namespaces: [], links: [], mounts: [] });
  // Only once nothing is mounted under it: removing the tree through a live mount would reach into a VM.
  rmSync(site.stateDir, { recursive: true, force: true });
}
