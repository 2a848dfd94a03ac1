import { checkLocalDriverSupport } from '@patchproof/local-vm';
import { expectEventually } from '@patchproof/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildE2eDebs, E2eDebs } from './support/local-packages';
import {
  ActualEnvironment, actualVersions, addLocalTenant, ensureTemplateImages, installAsTenant, leftovers, LocalSuiteSite, localServiceEnv,
  expectVerdict, processesOfPrefix, publishPatch, reportOf, resultsOf, uploadArtifact,
} from './support/local-platform';
import { E2ePlatform } from './support/platform';
import { RunView, runsOf, waitForFinishedRuns } from './support/runs';

/*
 * The verification pipeline on real namespace VMs (the `local` provider): all seven services as
 * processes, the tenants' actual environments created from the shipped templates (pattern A:
 * PostgreSQL + MariaDB behind a router; pattern B: nginx + apache2 behind haproxy), real .deb patches
 * built here with dpkg-deb, applied over SSH and tested on the replicas. Needs root on Linux.
 */
const support = checkLocalDriverSupport();
if (!support.ok) console.warn(`[local e2e] local-pipeline.e2e-spec.ts skipped: the local provider cannot run here: ${support.reason}`);
const describeLocal = support.ok ? describe : (name: string, body: () => void) => describe.skip(`${name} (skipped: ${support.reason})`, body);

const work = mkdtempSync(join(tmpdir(), 'pp-local-e2e-'));
// A prefix and state directory of this run's own (the reaper of one would remove another's VMs), so
// the suite can run while another copy of it runs on the same host; the address pool is one of two.
const run = Math.random().toString(36).slice(2, 4).padEnd(2, '0');
const SITE: LocalSuiteSite = {
  prefix: `pe${run}`,
  stateDir: `/var/lib/patchproof/test/local-e2e-${run}`,
  addressPool: Math.random() < 0.5 ? '198.18.192.0/20' : '198.18.208.0/20',
  vaultDir: join(work, 'vault'),
  artifactDir: join(work, 'artifacts'),
  secretKey: randomBytes(32).toString('base64'),
};
const RUN_TIMEOUT_MS = 8 * 60_000;
const stamp = Date.now().toString(36);

describeLocal('the pipeline on real namespace VMs (local provider)', () => {
  let platform: E2ePlatform;
  let debs: E2eDebs;
  const environments = new Map<string, ActualEnvironment>();
  const vmProcesses = new Set<number>();

  const finished = async (patchId: string, count: number): Promise<RunView[]> =>
    waitForFinishedRuns(platform, patchId, count, RUN_TIMEOUT_MS).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
  const rememberProcesses = (): void => processesOfPrefix(SITE).forEach((pid) => vmProcesses.add(pid));

  beforeAll(async () => {
    const images = await ensureTemplateImages(['pattern-a', 'pattern-b']);
    console.log(`[local e2e] base images ready in ${images.seconds.toFixed(1)} s (${images.built} built, the rest from the cache)`);
    debs = await buildE2eDebs(join(work, 'debs'));
    platform = await E2ePlatform.start({ ...localServiceEnv(SITE), ACK_WAIT_MS: '30000' });
    const tenants = [
      { id: 'la', template: 'pattern-a' as const, autoApply: true, retention: 'delete' as const, subscribe: ['pp-e2e-app', 'pp-e2e-pgtune', 'pp-e2e-textconv'] },
      { id: 'lb', template: 'pattern-b' as const, autoApply: false, retention: 'retain' as const, subscribe: ['pp-e2e-app'] },
    ];
    for (const tenant of tenants) {
      const environment = await addLocalTenant(platform, tenant);
      await installAsTenant(SITE, environment, debs.installed);
      environments.set(tenant.id, environment);
    }
    rememberProcesses();
  }, 15 * 60_000);

  afterAll(async () => {
    for (const id of ['la-prod', 'lb-prod']) await platform?.api('replicator', 'DELETE', `/local/environments/${id}`).catch(() => undefined);
    await platform?.stop();
    rmSync(work, { recursive: true, force: true });
    if (leftovers(SITE, []).mounts.length === 0) rmSync(SITE.stateDir, { recursive: true, force: true });
  }, 5 * 60_000);

  it('creates pattern A and pattern B as actual tenant environments with the tenants\' software', async () => {
    expect(environments.get('la')?.vms.map((vm) => vm.name)).toEqual(['pg', 'maria']);
    expect(environments.get('lb')?.vms.map((vm) => [vm.name, vm.role])).toEqual([['web_nginx', 'server'], ['web_apache', 'server'], ['lb', 'loadbalancer']]);
    expect(environments.get('lb')?.loadBalancers).toEqual([{ name: 'lb', address: expect.any(String), port: 80 }]);
    expect(await actualVersions(platform, 'la-prod', 'pp-e2e-app')).toEqual({ pg: '1.0', maria: '1.0' });
    expect(await actualVersions(platform, 'la-prod', 'postgresql-15')).toEqual({ pg: expect.stringMatching(/^15\./), maria: '-' });
  });

  it('passes a good patch on both replicas, rolls it out only where auto-apply is on, and keeps the retained replica', async () => {
    const patch = { id: `E2E-GOOD-${stamp}`, fixes: { name: 'pp-e2e-app', fixedVersion: '1.1' }, deb: debs.good };
    expect(await publishPatch(platform, patch)).toBe(2);
    expect((await uploadArtifact(platform, patch.id, debs.good.fileName, readFileSync(debs.good.path))).status).toBe(201);
    rememberProcesses();
    const runs = await finished(patch.id, 2);
    const byTenant = new Map(runs.map((run) => [run.tenant.id, run]));
    for (const run of runs) await expectVerdict(platform, run, 'passed');
    expect(byTenant.get('la')).toMatchObject({ verdict: 'passed', releaseAction: 'deleted' });
    expect(byTenant.get('lb')).toMatchObject({ verdict: 'passed', releaseAction: 'retained' });
    const la = await reportOf(platform, byTenant.get('la')!.runId);
    expect(la.counts).toMatchObject({ failed: 0, errored: 0 });
    expect(la.counts.passed).toBeGreaterThanOrEqual(30);
    expect(la.patch.flatMap((vm) => vm.changed ?? [])).toEqual(expect.arrayContaining([{ name: 'pp-e2e-app', before: '1.0', after: '1.1' }]));
    const lb = await reportOf(platform, byTenant.get('lb')!.runId);
    expect(lb.run.replica?.loadBalancers).toHaveLength(1);
    expect(resultsOf(lb).filter((result) => result.testId === 'web-http-get-load-balancer').map((result) => result.status)).toEqual(['passed', 'passed']);

    await expectEventually(async () => expect((await runsOf(platform, patch.id)).find((run) => run.tenant.id === 'la')?.rollout?.status).toBe('applied'), { timeoutMs: 120_000, what: 'rollout to la' });
    expect(await actualVersions(platform, 'la-prod', 'pp-e2e-app')).toEqual({ pg: '1.1', maria: '1.1' });
    expect((await runsOf(platform, patch.id)).find((run) => run.tenant.id === 'lb')?.rollout).toBeNull();
    expect(await actualVersions(platform, 'lb-prod', 'pp-e2e-app')).toEqual({ web_nginx: '1.0', web_apache: '1.0', lb: '1.0' });
  });

  it('fails a patch that stops the DBMS from starting on its function checks, and never applies it', async () => {
    const patch = { id: `E2E-NOSTART-${stamp}`, fixes: { name: 'pp-e2e-pgtune', fixedVersion: '1.1' }, deb: debs.breaksDbmsStart };
    expect(await publishPatch(platform, patch)).toBe(1);
    await uploadArtifact(platform, patch.id, patch.deb.fileName, readFileSync(patch.deb.path));
    rememberProcesses();
    const [run] = await finished(patch.id, 1);
    expect(run).toMatchObject({ tenant: { id: 'la' }, verdict: 'failed', failure: { step: 'test' }, releaseAction: 'deleted' });
    const failedFunctions = resultsOf(await reportOf(platform, run.runId)).filter((result) => result.vm === 'pg' && result.subject === 'function' && result.status === 'failed');
    expect(failedFunctions.map((result) => result.testId)).toEqual(expect.arrayContaining(['db-sql-crud', 'db-tcp-connect', 'pg-cluster-online']));
    expect(run.rollout).toBeNull();
    expect(await actualVersions(platform, 'la-prod', 'pp-e2e-pgtune')).toEqual({ pg: '1.0', maria: '-' });
  });

  it('fails a patch that corrupts stored multibyte text on its data check, and never applies it', async () => {
    const patch = { id: `E2E-MOJIBAKE-${stamp}`, fixes: { name: 'pp-e2e-textconv', fixedVersion: '1.1' }, deb: debs.corruptsText };
    expect(await publishPatch(platform, patch)).toBe(1);
    await uploadArtifact(platform, patch.id, patch.deb.fileName, readFileSync(patch.deb.path));
    const [run] = await finished(patch.id, 1);
    expect(run).toMatchObject({ tenant: { id: 'la' }, verdict: 'failed', failure: { step: 'test' } });
    const onPg = resultsOf(await reportOf(platform, run.runId)).filter((result) => result.vm === 'pg');
    const failed = onPg.filter((result) => result.status !== 'passed');
    expect(failed.map((result) => [result.testId, result.subject])).toEqual([['db-japanese-text-roundtrip', 'data']]);
    expect(failed[0].output).toMatch(/rows: \[\["1","æ\u0097¥æ\u009c¬/); // 日本 as UTF-8 bytes read as Latin-1
    expect(onPg.find((result) => result.testId === 'db-sql-crud')?.status).toBe('passed');
    expect(await actualVersions(platform, 'la-prod', 'pp-e2e-textconv')).toEqual({ pg: '1.0', maria: '-' });
  });

  it('refuses a file whose checksum is not the declared one: at upload (the run never starts), and on the VM (nothing installed)', async () => {
    const mismatch = { id: `E2E-BADSUM-UPLOAD-${stamp}`, fixes: { name: 'pp-e2e-pgtune', fixedVersion: '1.2' }, deb: debs.harmless };
    expect(await publishPatch(platform, mismatch)).toBe(1);
    const refused = await uploadArtifact(platform, mismatch.id, debs.harmless.fileName, readFileSync(debs.good.path));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/sha256/);

    const tampered = { id: `E2E-BADSUM-STORED-${stamp}`, fixes: { name: 'pp-e2e-pgtune', fixedVersion: '1.2' }, deb: debs.harmless };
    expect(await publishPatch(platform, tampered)).toBe(1);
    expect((await uploadArtifact(platform, tampered.id, debs.harmless.fileName, readFileSync(debs.harmless.path))).status).toBe(201);
    // The stored copy changes after the upload was checked (disk or transfer corruption, tampering).
    writeFileSync(join(SITE.artifactDir, debs.harmless.sha256), readFileSync(debs.good.path));
    const [run] = await finished(tampered.id, 1);
    // A wrong checksum is refused before anything is installed: a bad patch (failed), not a platform fault.
    expect(run).toMatchObject({ verdict: 'failed', failure: { step: 'apply', reason: expect.stringMatching(/refusing .*sha256.*nothing was installed/s) } });
    expect(run.rollout).toBeNull();

    const [waiting] = await runsOf(platform, mismatch.id);
    expect(waiting).toMatchObject({ status: 'queued', verdict: null, releaseAction: null });
    expect((await platform.db.query('SELECT count(*)::int AS n FROM replicator.replica WHERE run_id = $1', [waiting.runId])).rows[0].n).toBe(0);
    expect(await actualVersions(platform, 'la-prod', 'pp-e2e-pgtune')).toEqual({ pg: '1.0', maria: '-' });
  });

  it('leaves no replica behind: deleting the environments removes them with the retained replica; no namespace, mount or process of the prefix remains', async () => {
    const { rows } = await platform.db.query(`SELECT release_action, count(*)::int AS n FROM replicator.replica GROUP BY release_action ORDER BY 1`);
    expect(rows).toEqual([{ release_action: 'deleted', n: 4 }, { release_action: 'retained', n: 1 }]);
    rememberProcesses();
    for (const id of ['la-prod', 'lb-prod']) expect((await platform.api('replicator', 'DELETE', `/local/environments/${id}`)).status).toBe(204);
    expect(leftovers(SITE, [...vmProcesses])).toEqual({ namespaces: [], links: [], mounts: [], processes: [] });
    expect(vmProcesses.size).toBeGreaterThan(10);
  });
});
