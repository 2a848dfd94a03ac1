import { ReplicaSpec, RunContext, SelectedTest } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { expectEventually } from '@patchproof/testing';
import { AppModule } from './app.module';
import { TestRunnerConfig } from './test-runner.config';
import { debianEnvironment, runContext, ServiceHarness } from '@patchproof/service-harness';
import { RunExecutionView } from './executions/dto/run-execution.view';

const VIEWER_KEY = 'runner-spec-viewer-key-0001';
const ACME_KEY = 'runner-spec-acme-tenant-key-0001';
const GLOBEX_KEY = 'runner-spec-globex-tenant-key-0001';

function selectedTest(vmId: string, overrides: Partial<SelectedTest> = {}): SelectedTest {
  return {
    testId: 'pg-accepts-connections', version: 1, name: 'PostgreSQL accepts connections', vmId, tier: 'software', subject: 'function',
    site: 'remote', reason: 'postgresql-15 is installed', definition: { service: 'postgresql' }, timeoutMs: 10_000, ...overrides,
  };
}

/** PostgreSQL and MariaDB on one VM; the patch (postgresql-15) stops PostgreSQL only. */
function twoDatabasesEnvironment(id: string) {
  const base = debianEnvironment(id, {
    faults: [{ package: 'postgresql-15', fromVersion: '15.10-0+deb12u1', effect: 'service-down', service: 'postgresql' }],
  });
  const [vm] = base.vms;
  return {
    ...base,
    vms: [{
      ...vm,
      packages: [...vm.packages, { name: 'mariadb-server', version: '1:10.11.6-0+deb12u1', arch: 'amd64' }],
      services: [...vm.services, { name: 'mariadb', port: 3306, packages: ['mariadb-server'] }],
    }],
  };
}

describe('test-runner service (real PostgreSQL, real NATS, simulated VMs)', () => {
  const harness = new ServiceHarness('test-runner', 'test_runner');
  const savedKeys = process.env.PATCHPROOF_API_KEYS;

  beforeAll(async () => {
    process.env.PATCHPROOF_API_KEYS = JSON.stringify([
      { name: 'viewer', role: 'viewer', key: VIEWER_KEY },
      { name: 'acme', role: 'tenant', tenantId: 'acme', key: ACME_KEY },
      { name: 'globex', role: 'tenant', tenantId: 'globex', key: GLOBEX_KEY },
    ]);
    await harness.start((env) => {
      const config = loadConfig(TestRunnerConfig, { ...env, TEST_CONCURRENCY: '4' });
      return bootstrapService({ service: 'test-runner', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    });
    await harness.cloud.createEnvironment(debianEnvironment('acme-prod'));
    await harness.cloud.createEnvironment(debianEnvironment('acme-fault', {
      faults: [{ package: 'postgresql-15', fromVersion: '15.10-0+deb12u1', effect: 'service-down', service: 'postgresql' }],
    }));
    await harness.cloud.createEnvironment(debianEnvironment('acme-slow', { latencyMs: { test: 1500 } }));
    await harness.cloud.createEnvironment(twoDatabasesEnvironment('acme-two-db'));
  });

  afterAll(async () => {
    await harness.close();
    if (savedKeys === undefined) delete process.env.PATCHPROOF_API_KEYS;
    else process.env.PATCHPROOF_API_KEYS = savedKeys;
  });

  async function selected(run: RunContext, tests: (replica: ReplicaSpec) => SelectedTest[]) {
    const replica = await harness.cloud.replicate(run.tenant.environmentRef, 'delete', { runId: run.runId, step: 'replicate' });
    await harness.publish('patchproof.tests.selected.v1', { run, replica, tests: tests(replica), unknownSoftware: [] });
    return { replica, prepared: await harness.event('patchproof.tests.prepared.v1', run.runId) };
  }

  /** What the patch-applier does between the two phases. */
  async function patched(run: RunContext, replica: ReplicaSpec) {
    const vms = await Promise.all(replica.vms.map((vm) => harness.cloud.applyPatch(run.tenant.environmentRef, vm.vmId, run.patch, { runId: run.runId, step: 'apply' })));
    return harness.publish('patchproof.patch.applied.v1', { run, replica, vms });
  }

  it('seeds data before the patch, reads it back after, and runs each test once even when patch.applied is redelivered', async () => {
    const run = runContext('acme-prod');
    const { replica, prepared } = await selected(run, (replica) => [
      selectedTest(replica.vms[0].vmId),
      selectedTest(replica.vms[0].vmId, { testId: 'pg-utf8-roundtrip', name: 'UTF-8 survives a round trip', subject: 'data' }),
    ]);
    expect(prepared.payload.preparations).toEqual([expect.objectContaining({ testId: 'pg-utf8-roundtrip', status: 'passed', output: expect.stringContaining('seeded') })]);

    const applied = await patched(run, replica);
    const completed = await harness.event('patchproof.tests.completed.v1', run.runId);
    expect(completed.payload.results.map((result) => [result.testId, result.status])).toEqual([['pg-accepts-connections', 'passed'], ['pg-utf8-roundtrip', 'passed']]);
    expect(completed.payload.results[1].output).toContain('read back intact');

    const operations = await harness.cloud.operationCounts(run.runId);
    const replays = await harness.cloud.replayCounts(run.runId);
    const again = await harness.publish('patchproof.patch.applied.v1', applied.envelope.payload, { envelope: applied.envelope, dedupe: false });
    await harness.settled('patchproof.patch.applied.v1', again.seq);
    expect(await harness.events('patchproof.tests.completed.v1', run.runId)).toHaveLength(1);
    expect(await harness.cloud.operationCounts(run.runId)).toEqual(operations);
    // The inbox answered the redelivery: the handler did not even ask the cloud again.
    expect(await harness.cloud.replayCounts(run.runId)).toEqual(replays);

    const execution = await harness.get<{ preparations: unknown[]; results: Array<{ testId: string; status: string }> }>(`/executions/${run.runId}`);
    expect(execution.status).toBe(200);
    expect(execution.body.preparations).toHaveLength(1);
    expect(execution.body.results.map((result) => [result.testId, result.status])).toEqual([['pg-accepts-connections', 'passed'], ['pg-utf8-roundtrip', 'passed']]);
    expect((await harness.get(`/executions/${run.runId}`, null)).status).toBe(401);
    expect((await harness.get('/health', null)).status).toBe(200);
    const openapi = await harness.get<{ paths: Record<string, unknown> }>('/docs/openapi.json', null);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/executions/{runId}']));
  });

  it('runs the prepare step of a function test, and shows a tenant-registered test in full only to operators and its tenant', async () => {
    const run = runContext('acme-prod');
    const { replica, prepared } = await selected(run, (replica) => [
      selectedTest(replica.vms[0].vmId),
      selectedTest(replica.vms[0].vmId, {
        testId: 'acme-payroll-export', name: 'Payroll export still runs', tier: 'tenant', reason: 'registered by acme for VM db', version: 4,
        definition: { service: 'postgresql', parameters: { account: 'acme-ledger-7' }, prepare: { kind: 'ssh', command: ['touch', '/srv/payroll/ready'] } },
      }),
    ]);
    expect(prepared.payload.preparations.map((result) => [result.testId, result.status, result.output])).toEqual([
      ['acme-payroll-export', 'passed', 'simulated: Payroll export still runs prepare ok'],
    ]);
    await patched(run, replica);
    await harness.event('patchproof.tests.completed.v1', run.runId);

    const operator = await harness.get<RunExecutionView>(`/executions/${run.runId}`);
    expect(operator.status).toBe(200);
    expect(operator.body.tests[1]).toMatchObject({ testId: 'acme-payroll-export', name: 'Payroll export still runs', definition: { parameters: { account: 'acme-ledger-7' } } });
    expect(operator.body.results.map((result) => [result.testId, result.status])).toEqual([['acme-payroll-export', 'passed'], ['pg-accepts-connections', 'passed']]);
    const owner = await harness.get<RunExecutionView>(`/executions/${run.runId}`, ACME_KEY);
    expect(owner).toEqual(operator);
    expect((await harness.get(`/executions/${run.runId}`, GLOBEX_KEY)).status).toBe(404);

    const viewer = await harness.get<RunExecutionView>(`/executions/${run.runId}`, VIEWER_KEY);
    expect(viewer.status).toBe(200);
    expect([viewer.body.tests.length, viewer.body.preparations.length, viewer.body.results.length]).toEqual([2, 1, 2]);
    expect(viewer.body.tests[0]).toEqual(operator.body.tests[0]);
    expect(viewer.body.tests[1]).toEqual({
      testId: 'tenant-test-1', version: 4, name: 'tenant-test-1', vmId: replica.vms[0].vmId, tier: 'tenant', subject: 'function', site: 'remote',
      reason: 'tenant-registered test (redacted)', definition: {}, timeoutMs: 10_000,
    });
    expect(viewer.body.preparations).toEqual([expect.objectContaining({ testId: 'tenant-test-1', status: 'passed', output: '' })]);
    expect(viewer.body.results.map((result) => [result.testId, result.tier, result.status])).toEqual([['tenant-test-1', 'tenant', 'passed'], ['pg-accepts-connections', 'software', 'passed']]);
    for (const secret of ['acme-payroll-export', 'Payroll', 'acme-ledger-7', '/srv/payroll', 'registered by acme']) expect(JSON.stringify(viewer.body)).not.toContain(secret);
  });

  it('runs a test once per target on one VM: its own preparation, call and stored result for each', async () => {
    const run = runContext('acme-two-db');
    const perTarget = (vmId: string, overrides: Partial<SelectedTest>) => (['mariadb', 'postgresql'] as const).map((service) =>
      selectedTest(vmId, { tier: 'function-group', ...overrides, target: service === 'postgresql' ? 'postgresql-15' : 'mariadb', definition: { service } }));
    const { replica, prepared } = await selected(run, (replica) => [
      ...perTarget(replica.vms[0].vmId, { testId: 'db-sql-crud', name: 'Table CRUD by SQL' }),
      ...perTarget(replica.vms[0].vmId, { testId: 'db-japanese-text-roundtrip', name: 'Japanese text survives the patch', subject: 'data' }),
    ]);
    const identity = (result: { testId: string; target?: string; status: string }) => [result.testId, result.target, result.status];
    expect(prepared.payload.preparations.map(identity)).toEqual([['db-japanese-text-roundtrip', 'mariadb', 'passed'], ['db-japanese-text-roundtrip', 'postgresql-15', 'passed']]);

    await patched(run, replica);
    const completed = await harness.event('patchproof.tests.completed.v1', run.runId);
    expect(completed.payload.results.map(identity)).toEqual([
      ['db-sql-crud', 'mariadb', 'passed'], ['db-sql-crud', 'postgresql-15', 'failed'],
      ['db-japanese-text-roundtrip', 'mariadb', 'passed'], ['db-japanese-text-roundtrip', 'postgresql-15', 'failed'],
    ]);
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({ replicate: 1, apply: 1, test: 6 });

    const execution = await harness.get<{ results: Array<{ testId: string; target?: string; status: string }> }>(`/executions/${run.runId}`);
    expect(execution.body.results.map(identity)).toEqual([
      ['db-japanese-text-roundtrip', 'mariadb', 'passed'], ['db-japanese-text-roundtrip', 'postgresql-15', 'failed'],
      ['db-sql-crud', 'mariadb', 'passed'], ['db-sql-crud', 'postgresql-15', 'failed'],
    ]);
  });

  it('reports a test broken by the patch as failed, not as a failed run', async () => {
    const run = runContext('acme-fault');
    const { replica, prepared } = await selected(run, (replica) => [selectedTest(replica.vms[0].vmId)]);
    expect(prepared.payload.preparations).toEqual([]);

    await patched(run, replica);
    const completed = await harness.event('patchproof.tests.completed.v1', run.runId);
    expect(completed.payload.results).toEqual([expect.objectContaining({ testId: 'pg-accepts-connections', status: 'failed', output: expect.stringContaining('postgresql is not running') })]);
    expect(await harness.events('patchproof.run.failed.v1', run.runId)).toHaveLength(0);
  });

  it('records a test that times out or cannot reach its VM as an error result', async () => {
    const run = runContext('acme-slow');
    const { replica } = await selected(run, (replica) => [
      selectedTest(replica.vms[0].vmId, { timeoutMs: 100 }),
      selectedTest(`${replica.replicaId}.ghost`, { testId: 'ghost-check' }),
    ]);

    await harness.publish('patchproof.patch.applied.v1', { run, replica, vms: [] });
    const completed = await harness.event('patchproof.tests.completed.v1', run.runId);
    expect(completed.payload.results).toEqual([
      expect.objectContaining({ testId: 'pg-accepts-connections', status: 'error', output: `verify of pg-accepts-connections on ${replica.vms[0].vmId} timed out after 100 ms` }),
      expect.objectContaining({ testId: 'ghost-check', status: 'error', output: expect.stringMatching(/^infrastructure error during verify: VM .*ghost is not part of replica/) }),
    ]);
    // The simulation still finishes the abandoned call; wait for it so nothing outlives the suite.
    await expectEventually(async () => expect(await harness.cloud.operationCounts(run.runId)).toEqual({ replicate: 1, test: 1 }), { what: 'the timed-out call settled' });
  });
});
