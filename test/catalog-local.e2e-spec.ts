import { checkLocalDriverSupport, LocalVmDriver } from '@patchproof/local-vm';
import { STARTER_CATALOG } from '@patchproof/test-selection';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ActualEnvironment, addLocalTenant, CatalogRunReport, CatalogSite, catalogSiteEnv, describeResults, ensureImages, expectedStarterTests,
  installedVersion, reportOf, tearDownSite,
} from './support/catalog-local-site';
import { E2ePlatform } from './support/platform';
import { RunView, waitForFinishedRuns } from './support/runs';

/*
 * The starter catalog on real namespace VMs (the `local` provider): pattern A (PostgreSQL, MariaDB)
 * and pattern B (nginx, apache2 behind haproxy, both also serving HTTPS on 443) as tenants' actual
 * environments, a no-op patch (a package every VM has, fixed at the version it has: nothing is
 * installed), and every starter test selected for the replicas must run and pass. Needs root on Linux.
 */
const support = checkLocalDriverSupport();
if (!support.ok) console.warn(`[catalog-local] catalog-local.e2e-spec.ts skipped: the local provider cannot run here: ${support.reason}`);
const describeLocal = support.ok ? describe : (name: string, body: () => void) => describe.skip(`${name} (skipped: ${support.reason})`, body);

const work = mkdtempSync(join(tmpdir(), 'pp-catalog-local-'));
const SITE: CatalogSite = {
  prefix: 'ppk',
  stateDir: '/var/lib/patchproof/test/catalog-local',
  addressPool: '198.19.64.0/20',
  vaultDir: join(work, 'vault'),
  artifactDir: join(work, 'artifacts'),
};
const PATCH_ID = `PP-CATALOG-NOOP-${Date.now().toString(36)}`;
const RUN_TIMEOUT_MS = 15 * 60_000;

/** The groups (function group, software groups) each VM of the shipped templates belongs to. */
const GROUPS: Record<string, Record<string, string[]>> = {
  'cat-a': { pg: ['os', 'debian', 'db', 'postgresql'], maria: ['os', 'debian', 'db', 'mariadb-mysql'] },
  'cat-b': { web_nginx: ['os', 'debian', 'web', 'nginx'], web_apache: ['os', 'debian', 'web', 'apache-httpd'], lb: ['os', 'debian', 'haproxy'] },
};
const TEMPLATES = { 'cat-a': 'pattern-a', 'cat-b': 'pattern-b' } as const;

// Performance tests compare timings: the host verifies one run at a time (the runner already runs
// one VM's tests one after another, so restart tests never interrupt another test of their VM).
const SERVICE_ENV = { 'patch-intake': { ADMISSION_PROVIDER_LIMITS: 'local=1' } };

describeLocal('the starter catalog on pattern A and pattern B replicas (local provider)', () => {
  let platform: E2ePlatform;
  const environments = new Map<string, ActualEnvironment>();
  const reports = new Map<string, CatalogRunReport>();
  let runs: RunView[] = [];

  beforeAll(async () => {
    await ensureImages(Object.values(TEMPLATES));
    platform = await E2ePlatform.start(catalogSiteEnv(SITE), SERVICE_ENV);
    for (const [tenantId, template] of Object.entries(TEMPLATES)) environments.set(tenantId, await addLocalTenant(platform, tenantId, template));
  }, 20 * 60_000);

  afterAll(async () => {
    await tearDownSite(platform, environments, SITE, work);
  }, 5 * 60_000);

  it('verifies a no-op patch on both replicas: verdict passed', async () => {
    const version = await installedVersion(platform, environments.get('cat-a')!.id, 'pg', 'base-files');
    const published = await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', {
      id: PATCH_ID, title: 'no-op: base-files at the installed version', severity: 'low', source: 'native', advisoryIds: [],
      packages: [{ ecosystem: 'Debian:12', name: 'base-files', fixedVersion: version }],
    });
    expect(published).toMatchObject({ status: 201, body: { runsCreated: 2 } });
    runs = await waitForFinishedRuns(platform, PATCH_ID, 2, RUN_TIMEOUT_MS).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
    for (const run of runs) reports.set(run.tenant.id, await reportOf(platform, run.runId));
    const outcomes = runs.map((run) => ({ tenant: run.tenant.id, verdict: run.verdict, failure: run.failure, release: run.releaseAction }));
    const details = runs.map((run) => `--- ${run.tenant.id}\n${describeResults(reports.get(run.tenant.id)!)}`).join('\n');
    expect({ outcomes, details: outcomes.every((outcome) => outcome.verdict === 'passed') ? '' : details }).toEqual({
      outcomes: expect.arrayContaining(Object.keys(TEMPLATES).map((tenant) => ({ tenant, verdict: 'passed', failure: null, release: 'deleted' }))),
      details: '',
    });
    console.log(`[catalog-local] per-test results\n${details}`);
  }, RUN_TIMEOUT_MS + 60_000);

  it('selected, executed and passed every starter test of each VM\'s groups', () => {
    for (const [tenantId, report] of reports) {
      const failing = describeResults(report).split('\n').filter((line) => !/ passed \d+ ms( \(.*\))?$/.test(line));
      expect({ tenantId, counts: report.counts, failing }).toEqual({
        tenantId, failing: [],
        counts: { selected: report.counts.selected, executed: report.counts.selected, passed: report.counts.selected, failed: 0, errored: 0, skipped: 0 },
      });
      const byVm = Object.fromEntries(report.vms.map((vm) => [vm.name, vm.tiers.flatMap((tier) => tier.results.map((result) => result.testId)).sort()]));
      const expected = Object.fromEntries(Object.entries(GROUPS[tenantId]).map(([vm, groups]) => [vm, expectedStarterTests(groups)]));
      expect(byVm).toEqual(expected);
    }
    expect(reports.size).toBe(2);
  });

  it('passed every Web function-group test, the TLS ones on 443 included, on both web VMs of pattern B', () => {
    const web = STARTER_CATALOG.tests.filter((test) => test.tier === 'function-group' && test.targetId === 'web').map((test) => test.id);
    expect(web.length).toBeGreaterThanOrEqual(10);
    expect(web).toEqual(expect.arrayContaining(['web-tls-port', 'web-tls-handshake']));
    const passedOn = (vm: string): string[] => (reports.get('cat-b')?.vms.find((entry) => entry.name === vm)?.tiers ?? [])
      .flatMap((tier) => tier.results).filter((result) => result.status === 'passed').map((result) => result.testId);
    for (const vm of ['web_nginx', 'web_apache']) expect({ vm, notPassed: web.filter((id) => !passedOn(vm).includes(id)) }).toEqual({ vm, notPassed: [] });
  });

  it('selects only starter tests and writes JUnit XML without failures', async () => {
    const starterIds = new Set(STARTER_CATALOG.tests.map((test) => test.id));
    for (const run of runs) {
      const selection = await platform.api<{ tests: Array<{ testId: string }> }>('test-selector', 'GET', `/selections/${run.runId}`);
      expect(selection.body.tests.filter((test) => !starterIds.has(test.testId))).toEqual([]);
      const xml = await platform.api<string>('reporter', 'GET', `/runs/${run.runId}/report.xml`);
      expect(xml.status).toBe(200);
      expect(xml.body).toMatch(/^<\?xml[\s\S]*<testsuites/);
      // One testcase per selected test, and one `apply` testcase per replica VM the patch was applied to.
      const report = reports.get(run.tenant.id)!;
      expect((xml.body.match(/<testcase /g) ?? []).length).toBe(report.counts.selected + report.patch.length);
      expect((xml.body.match(/classname="apply"/g) ?? []).length).toBe(report.patch.length);
      expect(xml.body).not.toMatch(/<(failure|error)[\s>]/);
    }
  });

  it('leaves the tenants\' environments and no replica behind', async () => {
    const records = await new LocalVmDriver({ stateDir: SITE.stateDir, prefix: SITE.prefix, addressPool: SITE.addressPool }).listEnvironments();
    expect(records.map((record) => [record.id, record.kind]).sort()).toEqual([...environments.values()].map((environment) => [environment.id, 'tenant']).sort());
  });
});
