import { checkLocalDriverSupport, LocalVmDriver } from '@patchproof/local-vm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ActualEnvironment, CatalogRunReport, CatalogSite, catalogSiteEnv, describeResults, ensureImages, installedVersion, tearDownSite,
} from './support/catalog-local-site';
import { addRealEvaluationTenant, REAL_EVALUATION_TENANTS, RealEvaluationTenant, retireAllBut } from './support/evaluation-local';
import { count, EvaluationReport, EvaluationSelection, figuresOf, getJson, getText, resultsByTier, selectedSoftware } from './support/evaluation-reports';
import { E2ePlatform } from './support/platform';
import { RunView, waitForFinishedRuns } from './support/runs';

/*
 * The literature's test-cost evaluation (Yamato 2015), real variant: 12 tenants on real namespace VMs
 * (the `local` provider), each with one DBMS VM, on the DBMS releases Debian 12 provides (PostgreSQL
 * 15 and MariaDB 10.11). The provider's catalog is the evaluation's 25 prepared tests (the
 * test-selector loads them with TEST_CATALOG=evaluation; the operator retires every other test), and
 * every selected test runs for real against the replica's DBMS. One OS patch every tenant shares:
 * base-files at the version installed (a no-op: nothing changes, every test must pass). Needs root on Linux.
 */
const support = checkLocalDriverSupport();
if (!support.ok) console.warn(`[evaluation-local] evaluation-local.e2e-spec.ts skipped: the local provider cannot run here: ${support.reason}`);
const describeLocal = support.ok ? describe : (name: string, body: () => void) => describe.skip(`${name} (skipped: ${support.reason})`, body);

const LITERATURE = { preparedTests: 25, tenants: 12, testsPerTenant: 15, executedTotal: 180 };
const work = mkdtempSync(join(tmpdir(), 'pp-evaluation-local-'));
const SITE: CatalogSite = {
  prefix: 'ppv',
  stateDir: '/var/lib/patchproof/test/evaluation-local',
  addressPool: '198.19.0.0/18', // 12 tenants and their replicas, a /24 network each
  vaultDir: join(work, 'vault'),
  artifactDir: join(work, 'artifacts'),
};
const PATCH_ID = `PP-EVAL-REAL-NOOP-${Date.now().toString(36)}`;
const RUN_TIMEOUT_MS = 20 * 60_000;
// Three replicas at a time: the performance tests compare CPU time before and after on one replica,
// which stays meaningful while the other two core-sharing runs go on.
const SERVICE_ENV = { 'patch-intake': { ADMISSION_PROVIDER_LIMITS: 'local=3' } };

/** The reporter's run report, as the evaluation figures and the failure details read it. */
type RunReport = EvaluationReport & CatalogRunReport;

interface CatalogTest {
  id: string;
  tier: string;
  targetId: string | null;
}

describeLocal('the literature\'s evaluation, real variant: 12 tenants on the DBMS releases Debian 12 provides (local provider)', () => {
  let platform: E2ePlatform;
  let evaluationTests: CatalogTest[] = [];
  const environments = new Map<string, ActualEnvironment>();
  const runs = new Map<string, RunView>();
  const reports = new Map<string, RunReport>();

  const runOf = (tenant: RealEvaluationTenant): RunView => {
    const run = runs.get(tenant.id);
    if (!run) throw new Error(`no finished run for ${tenant.id}`);
    return run;
  };

  beforeAll(async () => {
    await ensureImages(['pattern-a']); // the same PostgreSQL and MariaDB images
    platform = await E2ePlatform.start({ ...catalogSiteEnv(SITE), ACK_WAIT_MS: '30000' }, { ...SERVICE_ENV, 'test-selector': { TEST_CATALOG: 'evaluation' } });
    for (const tenant of REAL_EVALUATION_TENANTS) environments.set(tenant.id, await addRealEvaluationTenant(platform, tenant));
  }, 20 * 60_000);

  afterAll(async () => {
    await tearDownSite(platform, environments, SITE, work);
  }, 5 * 60_000);

  it('keeps only the evaluation\'s 25 prepared tests selectable: 10 DB, 5 each for MySQL, PostgreSQL and Oracle', async () => {
    const retired = await retireAllBut(platform, (id) => id.startsWith('lit-'));
    expect(retired).toBeGreaterThan(0); // the starter catalog was there, and is now retired
    const catalog = await getJson<{ items: CatalogTest[]; total: number }>(platform, 'test-selector', '/catalog/tests?limit=1000');
    evaluationTests = catalog.items;
    const byTarget: Record<string, number> = {};
    for (const test of evaluationTests) byTarget[`${test.tier} ${test.targetId}`] = (byTarget[`${test.tier} ${test.targetId}`] ?? 0) + 1;
    expect({ total: catalog.total, byTarget }).toEqual({
      total: LITERATURE.preparedTests,
      byTarget: { 'function-group lit-db': 10, 'software-group lit-mysql': 5, 'software-group lit-postgresql': 5, 'software-group lit-oracle': 5 },
    });
  });

  it('verifies one OS patch on the 12 tenants\' replicas: 12 runs, every one passed', async () => {
    const version = await installedVersion(platform, environments.get(REAL_EVALUATION_TENANTS[0].id)!.id, 'db', 'base-files');
    const published = await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', {
      id: PATCH_ID, title: 'no-op OS patch: base-files at the installed version', severity: 'low', source: 'native', advisoryIds: [],
      packages: [{ ecosystem: 'Debian:12', name: 'base-files', fixedVersion: version }],
    });
    expect(published).toMatchObject({ status: 201, body: { runsCreated: LITERATURE.tenants } });
    const finished = await waitForFinishedRuns(platform, PATCH_ID, LITERATURE.tenants, RUN_TIMEOUT_MS).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
    for (const run of finished) runs.set(run.tenant.id, run);
    for (const tenant of REAL_EVALUATION_TENANTS) reports.set(tenant.id, await getJson<RunReport>(platform, 'reporter', `/runs/${runOf(tenant).runId}/report`));
    const outcomes = REAL_EVALUATION_TENANTS.map((tenant) => ({ tenant: tenant.id, verdict: runOf(tenant).verdict, failure: runOf(tenant).failure }));
    const details = outcomes.filter((outcome) => outcome.verdict !== 'passed')
      .map((outcome) => `--- ${outcome.tenant}\n${describeResults(reports.get(outcome.tenant)!)}`).join('\n');
    expect({ outcomes, details }).toEqual({ outcomes: REAL_EVALUATION_TENANTS.map((tenant) => ({ tenant: tenant.id, verdict: 'passed', failure: null })), details: '' });
  }, RUN_TIMEOUT_MS + 60_000);

  it('ran 15 tests on each DBMS VM (10 function-group + 5 software-group), 180 in all, every one passed', () => {
    for (const tenant of REAL_EVALUATION_TENANTS) {
      const report = reports.get(tenant.id)!;
      expect({ tenant: tenant.id, counts: report.counts }).toEqual({
        tenant: tenant.id, counts: { selected: 15, executed: 15, passed: 15, failed: 0, errored: 0, skipped: 0 },
      });
      expect(report.vms.map((vm) => ({ name: vm.name, tiers: resultsByTier(vm) }))).toEqual([{ name: 'db', tiers: { 'function-group': 10, 'software-group': 5 } }]);
      expect(report.patch.flatMap((vm) => vm.changed)).toEqual([]);
    }
  });

  it('selected each VM\'s tests by the DBMS actually installed, and reports the literature\'s figures', async () => {
    const groupOf = new Map(evaluationTests.map((test) => [test.id, test.targetId]));
    const software: string[] = [];
    for (const tenant of REAL_EVALUATION_TENANTS) {
      const selection = await getJson<EvaluationSelection>(platform, 'test-selector', `/selections/${runOf(tenant).runId}`);
      const groups = [...new Set(selection.tests.filter((test) => test.tier === 'software-group').map((test) => groupOf.get(test.testId)))];
      const version = await installedVersion(platform, environments.get(tenant.id)!.id, 'db', tenant.dbms.package);
      const name = selectedSoftware(selection, tenant.dbms.package, version);
      expect({ tenant: tenant.id, outcome: selection.outcome, groups, software: name }).toEqual({
        tenant: tenant.id, outcome: 'selected', groups: [tenant.dbms.group], software: tenant.dbms.softwareName,
      });
      software.push(name ?? '');
    }
    const figures = figuresOf(evaluationTests.length, REAL_EVALUATION_TENANTS.map((tenant) => reports.get(tenant.id)!), software);
    console.log(`[evaluation-local] figures: ${JSON.stringify(figures)}`);
    expect(figures).toEqual({
      preparedTests: LITERATURE.preparedTests, tenants: LITERATURE.tenants, dbmsVersions: 2,
      selectedPerTenant: Array(12).fill(LITERATURE.testsPerTenant), executedPerTenant: Array(12).fill(LITERATURE.testsPerTenant),
      executedTotal: LITERATURE.executedTotal,
    });
  });

  it('exports each run as JUnit XML with its 15 testcases, beside one apply testcase per VM', async () => {
    for (const tenant of REAL_EVALUATION_TENANTS) {
      const xml = await getText(platform, 'reporter', `/runs/${runOf(tenant).runId}/report.xml`);
      const apply = count(xml, 'classname="apply"');
      expect(apply).toBeGreaterThan(0);
      expect({ tenant: tenant.id, testcases: count(xml, '<testcase ') }).toEqual({ tenant: tenant.id, testcases: 15 + apply });
      expect(xml).toMatch(new RegExp(`<testsuites [^>]*tests="${15 + apply}" failures="0" errors="0" skipped="0"`));
    }
  });

  it('leaves the tenants\' environments and no replica behind', async () => {
    const records = await new LocalVmDriver({ stateDir: SITE.stateDir, prefix: SITE.prefix, addressPool: SITE.addressPool }).listEnvironments();
    expect(records.map((record) => [record.id, record.kind]).sort()).toEqual([...environments.values()].map((environment) => [environment.id, 'tenant']).sort());
  });
});
