import { BuiltDeb, ensureHostPackages, LocalVmDriver, shippedTemplate, ShippedTemplateName } from '@patchproof/local-vm';
import { InMemoryHostKeyStore, SshPool, SshTarget } from '@patchproof/ssh';
import { FileCredentialVault } from '@patchproof/ssh-access';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { E2ePlatform } from './platform';

/** Where a local suite keeps its namespace VMs: its own prefix, state directory and address pool. */
export interface LocalSuiteSite {
  prefix: string;
  stateDir: string;
  addressPool: string;
  vaultDir: string;
  artifactDir: string;
  secretKey: string;
}

/** Every service with the local provider enabled, on this suite's state, vault and artifact directories. */
export function localServiceEnv(site: LocalSuiteSite): NodeJS.ProcessEnv {
  return {
    REPLICATOR_DRIVERS: 'fake,local',
    VM_ACCESS_PROVIDERS: 'fake,local',
    LOCAL_VM_STATE_DIR: site.stateDir,
    LOCAL_VM_PREFIX: site.prefix,
    LOCAL_VM_ADDRESS_POOL: site.addressPool,
    PATCHPROOF_VAULT_DIR: site.vaultDir,
    PATCHPROOF_ARTIFACT_DIR: site.artifactDir,
    PATCHPROOF_SECRET_KEY: site.secretKey,
  };
}

/** Base images of the templates, from the shared cache (built when missing); returns seconds and whether any was built. */
export async function ensureTemplateImages(templates: readonly ShippedTemplateName[]): Promise<{ seconds: number; built: number }> {
  const started = Date.now();
  let built = 0;
  const log = (line: string): void => {
    if (/installing host packages|: building |built in/.test(line)) console.log(`[local e2e] ${line}`);
    if (/built in/.test(line)) built += 1;
  };
  await ensureHostPackages(log);
  const images = new LocalVmDriver({ onProgress: log });
  for (const name of templates) await images.ensureImages(await shippedTemplate(name));
  return { seconds: (Date.now() - started) / 1000, built };
}

export interface ActualVm {
  vmId: string;
  name: string;
  role: string;
  address: string;
  packages?: Array<{ name: string; version: string }>;
}

export interface ActualEnvironment {
  id: string;
  credentialsRef: string;
  vms: ActualVm[];
  loadBalancers?: Array<{ name: string; address: string; port: number }>;
}

export async function expectOk<T>(pending: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await pending;
  if (status >= 300) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  return body;
}

export interface LocalTenantSpec {
  id: string;
  template: ShippedTemplateName;
  autoApply: boolean;
  retention: 'delete' | 'retain' | 'volumes';
  subscribe: string[];
}

/** The tenant's actual environment (POST /local/environments), the tenant, and its Debian:12 subscription. */
export async function addLocalTenant(platform: E2ePlatform, tenant: LocalTenantSpec): Promise<ActualEnvironment> {
  const environment = await expectOk(platform.api<ActualEnvironment>('replicator', 'POST', '/local/environments', { id: `${tenant.id}-prod`, template: tenant.template }), `creating ${tenant.id}-prod`);
  await expectOk(platform.api('patch-intake', 'POST', '/tenants', {
    id: tenant.id, name: tenant.id, provider: 'local', environmentRef: environment.id, credentialsRef: environment.credentialsRef,
    policy: { minSeverity: 'low', autoApply: tenant.autoApply, replicaRetention: tenant.retention },
  }), `registering ${tenant.id}`);
  await expectOk(platform.api('patch-intake', 'POST', `/tenants/${tenant.id}/subscriptions`, { ecosystem: 'Debian:12', packages: tenant.subscribe }), `subscribing ${tenant.id}`);
  return environment;
}

/** Installs .deb files on the actual VMs as the tenant would: over SSH with the login the platform stored. */
export async function installAsTenant(site: LocalSuiteSite, environment: ActualEnvironment, debs: ReadonlyArray<{ deb: BuiltDeb; on: (vm: string) => boolean }>): Promise<void> {
  const credentials = await FileCredentialVault.fromEnvironment(site.vaultDir, { PATCHPROOF_SECRET_KEY: site.secretKey }).get(environment.credentialsRef);
  const pool = new SshPool({ hostKeys: new InMemoryHostKeyStore() });
  try {
    for (const vm of environment.vms) {
      const target: SshTarget = { vmId: vm.vmId, host: vm.address, credentials: { username: credentials.username, privateKey: credentials.privateKey ?? '' } };
      for (const { deb } of debs.filter((item) => item.on(vm.name))) {
        await pool.upload(target, await readFile(deb.path), `/var/tmp/${deb.fileName}`, { timeoutMs: 60_000 });
        const installed = await pool.exec(target, ['dpkg', '-i', `/var/tmp/${deb.fileName}`], { timeoutMs: 120_000 });
        if (installed.exitCode !== 0) throw new Error(`dpkg -i ${deb.fileName} on ${vm.name}: ${installed.stderr}`);
      }
    }
  } finally {
    await pool.closeAll();
  }
}

/** The version of a package on each actual VM (VM name → version), from GET /local/environments/:id. */
export async function actualVersions(platform: E2ePlatform, environmentId: string, pkg: string): Promise<Record<string, string>> {
  const environment = await expectOk(platform.api<ActualEnvironment>('replicator', 'GET', `/local/environments/${environmentId}`), `reading ${environmentId}`);
  return Object.fromEntries(environment.vms.map((vm) => [vm.name, vm.packages?.find((entry) => entry.name === pkg)?.version ?? '-']));
}

export interface PatchRequest {
  id: string;
  fixes: { name: string; fixedVersion: string };
  deb: BuiltDeb;
}

export async function publishPatch(platform: E2ePlatform, patch: PatchRequest): Promise<number> {
  const body = await expectOk(platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', {
    id: patch.id, title: `${patch.fixes.name} ${patch.fixes.fixedVersion}`, severity: 'high', source: 'native', advisoryIds: [],
    publishedAt: new Date().toISOString(), packages: [{ ecosystem: 'Debian:12', ...patch.fixes }],
    artifacts: [{ fileName: patch.deb.fileName, format: 'deb', sha256: patch.deb.sha256 }],
  }), `publishing ${patch.id}`);
  return body.runsCreated;
}

/** PUT /patches/:id/artifacts/:fileName with raw bytes (not necessarily the declared ones). */
export async function uploadArtifact(platform: E2ePlatform, patchId: string, fileName: string, content: Buffer): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${platform.supervisor.url('patch-intake')}/patches/${encodeURIComponent(patchId)}/artifacts/${encodeURIComponent(fileName)}`, {
    method: 'PUT', headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(content),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export interface ReportResult {
  name: string;
  testId: string;
  status: string;
  subject: string;
  output: string;
}

export interface RunReport {
  run: { replica: { replicaId: string; vms: Array<{ name: string }>; loadBalancers?: unknown[] } | null };
  counts: { selected: number; executed: number; passed: number; failed: number; errored: number };
  vms: Array<{ name: string | null; tiers: Array<{ results: ReportResult[] }> }>;
  patch: Array<{ vmId: string; changed?: Array<{ name: string; before: string; after: string }> }>;
  timings: Array<{ step: string; durationMs: number }>;
}

export async function reportOf(platform: E2ePlatform, runId: string): Promise<RunReport> {
  return expectOk(platform.api<RunReport>('reporter', 'GET', `/runs/${runId}/report`), `report of ${runId}`);
}

/** Every result of a report with the VM it ran on. */
export function resultsOf(report: RunReport): Array<ReportResult & { vm: string | null }> {
  return report.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results.map((result) => ({ ...result, vm: vm.name }))));
}

/** What of the suite's prefix is left on the host: namespaces, mounts under its state dir, processes in its namespaces. */
export function leftovers(site: LocalSuiteSite, processes: readonly number[]): { namespaces: string[]; links: string[]; mounts: string[]; processes: number[] } {
  const listed = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  const namespaces = (listed ? (JSON.parse(listed) as Array<{ name: string }>) : []).map((entry) => entry.name).filter((name) => name.startsWith(`${site.prefix}-`));
  // Bridges and the host ends of veths carry the suite's prefix too.
  const links = (JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as Array<{ ifname: string }>)
    .map((link) => link.ifname)
    .filter((name) => name.startsWith(site.prefix));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((line) => line.split(' ')[4] ?? '').filter((point) => point.startsWith(site.stateDir));
  const alive = processes.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  return { namespaces, links, mounts, processes: alive };
}

/** The pids of every process in the suite's namespaces (its VMs' daemons). */
export function processesOfPrefix(site: LocalSuiteSite): number[] {
  return leftovers(site, []).namespaces.flatMap((name) => execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number));
}

/** Fails with the run's failing tests and their output when its verdict is not the expected one. */
export async function expectVerdict(platform: E2ePlatform, run: { runId: string; tenant: { id: string }; verdict: string | null; failure?: unknown }, verdict: string): Promise<void> {
  if (run.verdict === verdict) return;
  const failing = resultsOf(await reportOf(platform, run.runId)).filter((result) => result.status !== 'passed' && result.status !== 'skipped');
  const details = failing.map((result) => `  ${result.vm}: ${result.testId} ${result.status}: ${result.output.slice(-400)}`).join('\n');
  throw new Error(`run of ${run.tenant.id} is ${run.verdict}, expected ${verdict}; failure ${JSON.stringify(run.failure)}\n${details}`);
}
