import { FakeCloud } from '@patchproof/fake-cloud';
import { SERVICES } from '@patchproof/supervisor';
import { expectEventually } from '@patchproof/testing';
import { addFakeTenant, PATCH } from './support/fake-tenants';
import { E2ePlatform } from './support/platform';
import { countBy, readSubject, runsOf, waitForFinishedRuns } from './support/runs';

const RUNS = 200;
const SOFTWARE = ['postgresql', 'mariadb', 'nginx'] as const;
const STEP_SUBJECTS = [
  'patchproof.run.requested.v1', 'patchproof.environment.replicated.v1', 'patchproof.inventory.collected.v1', 'patchproof.tests.selected.v1',
  'patchproof.tests.prepared.v1', 'patchproof.patch.applied.v1', 'patchproof.tests.completed.v1', 'patchproof.verification.completed.v1',
  'patchproof.replica.released.v1',
];

describe('crash recovery: SIGKILL of each service in turn during a 200-run batch', () => {
  let platform: E2ePlatform;

  beforeAll(async () => {
    platform = await E2ePlatform.start({ ACK_WAIT_MS: '4000', ADMISSION_GLOBAL_LIMIT: '10', RUN_STALL_TIMEOUT_MS: '600000' });
    for (let index = 0; index < RUNS; index += 1) {
      await addFakeTenant(platform, { id: `tenant-${index}`, software: SOFTWARE[index % 3], latencyMs: { replicate: 400, test: 20 } });
    }
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('completes all 200 runs, each step once', async () => {
    const published = await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', PATCH);
    expect(published.body.runsCreated).toBe(RUNS);

    const killedWhileOpen: string[] = [];
    for (const [index, service] of SERVICES.entries()) {
      const threshold = Math.round(((index + 1) * RUNS) / (SERVICES.length + 2));
      await expectEventually(async () => {
        const finished = (await runsOf(platform, PATCH.id)).filter((run) => run.verdict).length;
        if (finished < threshold) throw new Error(`${finished} finished, waiting for ${threshold} before killing ${service.name}`);
      }, { timeoutMs: 300_000, intervalMs: 250, what: `progress before killing ${service.name}` });
      // The test-runner is killed in the middle of a test step: some of a run's tests have run on the
      // replica, none of its results are committed, so the restarted runner must not run them again.
      if (service.name === 'test-runner') await expectEventually(testRunnerMidStep, { timeoutMs: 120_000, intervalMs: 20, what: 'a run in the middle of its test step' });
      const open = (await runsOf(platform, PATCH.id)).filter((run) => !run.verdict).length;
      await platform.supervisor.kill(service.name);
      await platform.supervisor.restart(service.name);
      if (open > 0) killedWhileOpen.push(service.name);
    }
    expect(killedWhileOpen).toEqual(SERVICES.map((service) => service.name));

    const runs = await waitForFinishedRuns(platform, PATCH.id, RUNS, 900_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
    expect(runs.filter((run) => run.verdict !== 'passed').map((run) => `${run.tenant.id}: ${run.verdict} ${JSON.stringify(run.failure)}`)).toEqual([]);

    // Every step's event exists exactly once per run on the bus.
    for (const subject of STEP_SUBJECTS) {
      const events = await readSubject(platform, subject);
      const perRun = countBy(events, (event) => event.runId ?? '');
      expect({ subject, runs: perRun.size, repeated: [...perRun.values()].filter((n) => n !== 1).length }).toEqual({ subject, runs: RUNS, repeated: 0 });
    }
    // Every side effect in the (simulated) cloud executed once per run and VM: the ledger has no unique
    // key, so a step that ran again under a new key would show here as a second execution.
    const { repeated, replayed } = await withFakeCloud(async (cloud) => ({ repeated: await cloud.repeatedExecutions(), replayed: await cloud.replayCounts() }));
    expect(repeated).toEqual([]);
    const { rows } = await platform.db.query(
      `SELECT operation, count(DISTINCT run_id)::int AS runs, count(*)::int AS n FROM fake_cloud.execution
       WHERE operation IN ('replicate', 'inventory', 'apply', 'release') GROUP BY operation ORDER BY operation`,
    );
    expect(rows).toEqual(['apply', 'inventory', 'release', 'replicate'].map((operation) => ({ operation, runs: RUNS, n: RUNS })));
    const { rows: tests } = await platform.db.query(`SELECT count(*)::int AS n FROM test_runner.test_result`);
    const { rows: executed } = await platform.db.query(`SELECT count(*)::int AS n FROM fake_cloud.execution WHERE operation = 'test' AND subject LIKE 'verify:%'`);
    expect(tests[0].n).toBe(executed[0].n);
    // ... and the crashes did make services ask again for work already done, answered from the record:
    // without replays the checks above would not have been put to the test.
    process.stdout.write(`crash recovery: calls answered from the record after a crash, by operation: ${JSON.stringify(replayed)}\n`);
    expect(replayed.test).toBeGreaterThan(0);
  });

  async function withFakeCloud<T>(read: (cloud: FakeCloud) => Promise<T>): Promise<T> {
    const cloud = await FakeCloud.open(platform.database.url, 1);
    try {
      return await read(cloud);
    } finally {
      await cloud.close();
    }
  }

  /** Some run has tests executed in its verify phase and no result committed yet. */
  async function testRunnerMidStep(): Promise<void> {
    const { rows } = await platform.db.query(
      `SELECT count(DISTINCT e.run_id)::int AS n FROM fake_cloud.execution e
       WHERE e.operation = 'test' AND e.subject LIKE 'verify:%' AND NOT EXISTS (SELECT 1 FROM test_runner.test_result r WHERE r.run_id::text = e.run_id)`);
    if (rows[0].n === 0) throw new Error('no run is in the middle of its test step');
  }
});
