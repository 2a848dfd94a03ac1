import { ReplicaSpec, RunContext, SelectedTest } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { createSshdFixture, FileCredentialVault, sshdUnavailableReason, SshdFixture, TestSshd } from '@patchproof/ssh-access';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { TestRunnerConfig } from './test-runner.config';
import { runContext, ServiceHarness } from '@patchproof/service-harness';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`[apps/test-runner] SSH provider spec skipped: ${unavailable}`);
const describeWithSshd = unavailable ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${unavailable})`, body) : describe;

describeWithSshd('test-runner on the local provider (real sshd on this host, real PostgreSQL and NATS)', () => {
  const harness = new ServiceHarness('test-runner', 'test_runner');
  let fixture: SshdFixture;
  let server: TestSshd;
  let work: string;
  let databaseUrl = '';

  beforeAll(async () => {
    fixture = await createSshdFixture();
    server = await fixture.start();
    work = await mkdtemp(join(tmpdir(), 'patchproof-runner-'));
    process.env.PATCHPROOF_SECRET_KEY = randomBytes(32).toString('base64');
    await FileCredentialVault.fromEnvironment(join(work, 'vault')).put('acme-local', { username: fixture.username, privateKey: fixture.userPrivateKey });
    await harness.start((env) => {
      databaseUrl = env.DATABASE_URL ?? '';
      const config = loadConfig(TestRunnerConfig, { ...env, VM_ACCESS_PROVIDERS: 'fake,local', PATCHPROOF_VAULT_DIR: join(work, 'vault'), SSH_CONNECT_TIMEOUT_MS: '10000' });
      return bootstrapService({ service: 'test-runner', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    });
  });

  afterAll(async () => {
    await harness.close();
    await fixture?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
    delete process.env.PATCHPROOF_SECRET_KEY;
  });

  function localRun(): RunContext {
    const run = runContext('this-host');
    return { ...run, tenant: { ...run.tenant, provider: 'local', credentialsRef: 'acme-local' } };
  }

  function test(testId: string, vmId: string, definition: Record<string, unknown>, subject: SelectedTest['subject'] = 'function'): SelectedTest {
    return { testId, version: 1, name: testId, vmId, tier: 'software-group', subject, site: 'local', reason: 'spec', definition, timeoutMs: 20_000 };
  }

  it('seeds data, runs a function test\'s prepare step and takes a baseline (kept in its schema) before the patch, then verifies after it', async () => {
    const run = localRun();
    const vmId = 'pp-r1.host';
    const replica: ReplicaSpec = { replicaId: 'pp-r1', provider: 'local', reused: false, vms: [{ vmId, name: 'host', address: `127.0.0.1:${server.port}`, osFamily: 'debian' }] };
    const file = join(work, 'seed.txt');
    const cost = join(work, 'cost');
    const marker = join(work, 'marker.txt');
    await writeFile(cost, '100\n');
    const tests = [
      test('data', vmId, { kind: 'ssh', command: ['cat', file], expectStdout: '^seeded$', prepare: { kind: 'ssh', command: ['sh', '-c', 'echo seeded > "$1"', 'sh', file] } }, 'data'),
      test('perf', vmId, { kind: 'ssh', command: ['cat', cost], baseline: { measure: 'stdout-number', unit: 'ms', samples: 1 }, threshold: 1.5 }, 'performance'),
      test('marked', vmId, { kind: 'ssh', command: ['cat', marker], expectStdout: '^prepared$', prepare: { kind: 'ssh', command: ['sh', '-c', 'echo prepared > "$1"', 'sh', marker] } }),
      test('broken', vmId, { kind: 'ssh', command: ['false'] }),
    ];
    await harness.publish('patchproof.tests.selected.v1', { run, replica, tests, unknownSoftware: [] });
    const prepared = await harness.event('patchproof.tests.prepared.v1', run.runId);
    expect(prepared.payload.preparations.map((result) => [result.testId, result.status])).toEqual([['data', 'passed'], ['perf', 'passed'], ['marked', 'passed']]);

    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const { rows } = await sql.query('SELECT vm_id, test_id, value, unit FROM test_runner.performance_baseline WHERE run_id = $1', [run.runId]);
      expect(rows).toEqual([{ vm_id: vmId, test_id: 'perf', value: 100, unit: 'ms' }]);
    } finally {
      await sql.end();
    }

    await writeFile(cost, '200\n');
    await harness.publish('patchproof.patch.applied.v1', { run, replica, vms: [] });
    const completed = await harness.event('patchproof.tests.completed.v1', run.runId);
    expect(completed.payload.results.map((result) => [result.testId, result.status])).toEqual([['data', 'passed'], ['perf', 'failed'], ['marked', 'passed'], ['broken', 'failed']]);
    expect(completed.payload.results[1].measurement).toEqual({ baseline: 100, after: 200, threshold: 1.5, unit: 'ms' });
  });

  it('keeps a baseline per target when a VM runs a performance test once per target', async () => {
    const run = localRun();
    const vmId = 'pp-r2.host';
    const replica: ReplicaSpec = { replicaId: 'pp-r2', provider: 'local', reused: false, vms: [{ vmId, name: 'host', address: `127.0.0.1:${server.port}`, osFamily: 'debian' }] };
    const costs = { mariadb: join(work, 'cost-mariadb'), 'postgresql-15': join(work, 'cost-postgresql') };
    await Promise.all([writeFile(costs.mariadb, '100\n'), writeFile(costs['postgresql-15'], '40\n')]);
    const tests = Object.entries(costs).map(([target, cost]) => ({
      ...test('db-perf', vmId, { kind: 'ssh', command: ['cat', cost], baseline: { measure: 'stdout-number', unit: 'ms', samples: 1 }, threshold: 1.5 }, 'performance'),
      target,
    }));
    await harness.publish('patchproof.tests.selected.v1', { run, replica, tests, unknownSoftware: [] });
    await harness.event('patchproof.tests.prepared.v1', run.runId);

    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const { rows } = await sql.query('SELECT test_id, target, value FROM test_runner.performance_baseline WHERE run_id = $1 ORDER BY target', [run.runId]);
      expect(rows).toEqual([{ test_id: 'db-perf', target: 'mariadb', value: 100 }, { test_id: 'db-perf', target: 'postgresql-15', value: 40 }]);
    } finally {
      await sql.end();
    }

    await writeFile(costs.mariadb, '120\n');
    await harness.publish('patchproof.patch.applied.v1', { run, replica, vms: [] });
    const completed = await harness.event('patchproof.tests.completed.v1', run.runId);
    expect(completed.payload.results.map((result) => [result.target, result.status, result.measurement?.baseline])).toEqual([
      ['mariadb', 'passed', 100], ['postgresql-15', 'passed', 40],
    ]);
  });
});
