import { addEvaluationTenant, EVALUATION_PATCH, EVALUATION_TENANTS, EvaluationTenant } from './support/evaluation-tenants';
import {
  count, EvaluationReport, EvaluationSelection, figuresOf, getJson, getText, resultsByTier, selectedSoftware,
} from './support/evaluation-reports';
import { E2ePlatform } from './support/platform';
import { RunView, waitForFinishedRuns } from './support/runs';

/*
 * The literature's test-cost evaluation (Yamato 2015) reproduced through the seven running
 * services: 25 prepared tests (10 DB function-group tests, 5 per software group for MySQL,
 * PostgreSQL and Oracle, none per software) cover 12 tenants on 12 DBMS versions with 15 tests
 * each, 180 executed. The test-selector loads the evaluation catalog itself (TEST_CATALOG=evaluation).
 */
const LITERATURE = { preparedTests: 25, tenants: 12, dbmsVersions: 12, testsPerTenant: 15, executedTotal: 180 };

interface CatalogTest {
  id: string;
  tier: string;
  targetId: string | null;
}

describe('the literature\'s evaluation: 25 prepared tests cover 12 DBMS versions, 180 executed (fake provider)', () => {
  let platform: E2ePlatform;
  let evaluationTests: CatalogTest[] = [];
  const runs = new Map<string, RunView>();
  const reports = new Map<string, EvaluationReport>();

  const runOf = (tenant: EvaluationTenant): RunView => {
    const run = runs.get(tenant.id);
    if (!run) throw new Error(`no finished run for ${tenant.id}`);
    return run;
  };

  beforeAll(async () => {
    platform = await E2ePlatform.start({ ACK_WAIT_MS: '10000' }, { 'test-selector': { TEST_CATALOG: 'evaluation' } });
    for (const tenant of EVALUATION_TENANTS) await addEvaluationTenant(platform, tenant);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('serves the evaluation catalog beside the starter catalog: 10 DB, 5 each for MySQL, PostgreSQL and Oracle, none per software', async () => {
    const catalog = await getJson<{ items: CatalogTest[]; total: number }>(platform, 'test-selector', '/catalog/tests?limit=1000');
    evaluationTests = catalog.items.filter((test) => test.id.startsWith('lit-'));
    const byTarget: Record<string, number> = {};
    for (const test of evaluationTests) byTarget[`${test.tier} ${test.targetId}`] = (byTarget[`${test.tier} ${test.targetId}`] ?? 0) + 1;
    expect(byTarget).toEqual({ 'function-group lit-db': 10, 'software-group lit-mysql': 5, 'software-group lit-postgresql': 5, 'software-group lit-oracle': 5 });
    expect(catalog.total).toBeGreaterThan(evaluationTests.length); // the starter catalog is there too
  });

  it('verifies one OS patch on the 12 tenants: 12 runs, every one passed', async () => {
    expect(EVALUATION_TENANTS).toHaveLength(LITERATURE.tenants);
    const published = await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', EVALUATION_PATCH);
    expect(published.body).toMatchObject({ runsCreated: 12 });
    const finished = await waitForFinishedRuns(platform, EVALUATION_PATCH.id, 12, 240_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
    for (const run of finished) runs.set(run.tenant.id, run);
    expect(EVALUATION_TENANTS.map((tenant) => ({ tenant: tenant.id, verdict: runs.get(tenant.id)?.verdict, failure: runs.get(tenant.id)?.failure })))
      .toEqual(EVALUATION_TENANTS.map((tenant) => ({ tenant: tenant.id, verdict: 'passed', failure: null })));
    const summary = await getJson<{ total: number; byVerdict: Record<string, number> }>(platform, 'reporter', `/runs/summary?patchId=${EVALUATION_PATCH.id}`);
    expect(summary).toMatchObject({ total: 12, byVerdict: { passed: 12 } });
  });

  it('says so in the summary of the patch: 12 runs, 180 tests selected and 180 executed, every one passed', async () => {
    const summary = await getJson<{ total: number; tests: Record<string, number> }>(platform, 'reporter', `/runs/summary?patchId=${EVALUATION_PATCH.id}`);
    expect(summary).toMatchObject({ total: LITERATURE.tenants });
    expect(summary.tests).toEqual({
      selected: LITERATURE.executedTotal, executed: LITERATURE.executedTotal, passed: LITERATURE.executedTotal, failed: 0, errored: 0, skipped: 0,
    });
    const oneTenant = await getJson<{ total: number; tests: Record<string, number> }>(
      platform, 'reporter', `/runs/summary?patchId=${EVALUATION_PATCH.id}&tenantId=${EVALUATION_TENANTS[0].id}`,
    );
    expect(oneTenant).toMatchObject({ total: 1, tests: { selected: LITERATURE.testsPerTenant, executed: LITERATURE.testsPerTenant } });
  });

  it('reports 15 selected and 15 executed tests on each DBMS VM (10 function-group + 5 software-group), 180 in all', async () => {
    for (const tenant of EVALUATION_TENANTS) {
      const report = await getJson<EvaluationReport>(platform, 'reporter', `/runs/${runOf(tenant).runId}/report`);
      reports.set(tenant.id, report);
      expect({ tenant: tenant.id, verdict: report.verdict, counts: report.counts }).toEqual({
        tenant: tenant.id, verdict: 'passed', counts: { selected: 15, executed: 15, passed: 15, failed: 0, errored: 0, skipped: 0 },
      });
      expect(report.vms.map((vm) => ({ name: vm.name, tiers: resultsByTier(vm) }))).toEqual([{ name: 'db', tiers: { 'function-group': 10, 'software-group': 5 } }]);
      expect(report.patch.flatMap((vm) => vm.changed)).toEqual([{ name: 'libc', before: '2.17-1', after: '2.17-2' }]);
    }
    const total = [...reports.values()].reduce((sum, report) => ({ selected: sum.selected + report.counts.selected, executed: sum.executed + report.counts.executed }), { selected: 0, executed: 0 });
    expect(total).toEqual({ selected: 180, executed: 180 });
  });

  it('selects from the evaluation catalog only, and each VM by its own DBMS version', async () => {
    const evaluationIds = new Set(evaluationTests.map((test) => test.id));
    const groupOf = new Map(evaluationTests.map((test) => [test.id, test.targetId]));
    const software: string[] = [];
    for (const tenant of EVALUATION_TENANTS) {
      const selection = await getJson<EvaluationSelection>(platform, 'test-selector', `/selections/${runOf(tenant).runId}`);
      expect({ tenant: tenant.id, outcome: selection.outcome, foreign: selection.tests.filter((test) => !evaluationIds.has(test.testId)).map((test) => test.testId), unknown: selection.unknownSoftware.flatMap((vm) => vm.packages) })
        .toEqual({ tenant: tenant.id, outcome: 'selected', foreign: [], unknown: [] });
      const groups = new Set(selection.tests.filter((test) => test.tier === 'software-group').map((test) => groupOf.get(test.testId)));
      const name = selectedSoftware(selection, tenant.package, tenant.packageVersion);
      expect({ tenant: tenant.id, groups: [...groups], software: name }).toEqual({ tenant: tenant.id, groups: [`lit-${tenant.dbms.toLowerCase()}`], software: expect.any(String) });
      software.push(name ?? '');
    }
    const figures = figuresOf(evaluationTests.length, EVALUATION_TENANTS.map((tenant) => reports.get(tenant.id)!), software);
    expect(figures).toEqual({
      preparedTests: LITERATURE.preparedTests, tenants: LITERATURE.tenants, dbmsVersions: LITERATURE.dbmsVersions,
      selectedPerTenant: Array(12).fill(LITERATURE.testsPerTenant), executedPerTenant: Array(12).fill(LITERATURE.testsPerTenant),
      executedTotal: LITERATURE.executedTotal,
    });
  });

  it('exports each run as JUnit XML with the 15 testcases, beside the apply testcase of its VM', async () => {
    for (const tenant of EVALUATION_TENANTS) {
      const xml = await getText(platform, 'reporter', `/runs/${runOf(tenant).runId}/report.xml`);
      expect({ tenant: tenant.id, testcases: count(xml, '<testcase '), apply: count(xml, 'classname="apply"') }).toEqual({ tenant: tenant.id, testcases: 16, apply: 1 });
      expect(xml).toMatch(/<testsuites [^>]*tests="16" failures="0" errors="0" skipped="0"/);
      expect(count(xml, 'classname="function-group"')).toBe(10);
      expect(count(xml, 'classname="software-group"')).toBe(5);
    }
  });
});
