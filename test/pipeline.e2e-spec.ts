import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { TestResult } from '@patchproof/contracts';
import { STARTER_CATALOG } from '@patchproof/test-selection';
import { expectEventually } from '@patchproof/testing';
import { addFakeTenant, FakeTenantOptions, PATCH } from './support/fake-tenants';
import { E2ePlatform } from './support/platform';
import { countBy, readSubject, runsOf, waitForFinishedRuns } from './support/runs';

const SERVICE_DOWN = (service: string) => [{ package: 'libssl3', fromVersion: '3.0.15-1~deb12u1', effect: 'service-down', service }];
const CORRUPTS_DATA = (service: string) => [{ package: 'libssl3', fromVersion: '3.0.15-1~deb12u1', effect: 'data-corruption', service }];
/** The patched service does not come back after its restart (as with a broken configuration): a bad patch, verdict failed. */
const RESTART_FAILS = (service: string) => [{ package: 'libssl3', fromVersion: '3.0.15-1~deb12u1', effect: 'restart-fails', service }];

/** 23 simulated tenants and the verdict (and failing step) each one's simulation implies. */
const TENANTS: Array<FakeTenantOptions & { expect: { verdict: string; step?: string; release: string } }> = [
  ...(['postgresql', 'mariadb', 'nginx'] as const).flatMap((software) =>
    [1, 2, 3, 4].map((n) => ({ id: `ok-${software}-${n}`, software, expect: { verdict: 'passed', release: 'deleted' } }))),
  { id: 'kept-postgresql', software: 'postgresql', retention: 'retain', expect: { verdict: 'passed', release: 'retained' } },
  { id: 'ok-postgresql-mariadb', software: ['postgresql', 'mariadb'], expect: { verdict: 'passed', release: 'deleted' } },
  { id: 'down-postgresql', software: 'postgresql', faults: SERVICE_DOWN('postgresql'), expect: { verdict: 'failed', step: 'test', release: 'deleted' } },
  { id: 'down-mariadb', software: 'mariadb', faults: SERVICE_DOWN('mariadb'), expect: { verdict: 'failed', step: 'test', release: 'deleted' } },
  { id: 'down-nginx', software: 'nginx', faults: SERVICE_DOWN('nginx'), expect: { verdict: 'failed', step: 'test', release: 'deleted' } },
  { id: 'corrupt-postgresql', software: 'postgresql', faults: CORRUPTS_DATA('postgresql'), expect: { verdict: 'failed', step: 'test', release: 'deleted' } },
  { id: 'noreplica', software: 'postgresql', failureRate: { replicate: 1 }, expect: { verdict: 'error', step: 'replicate', release: 'nothing-to-release' } },
  // Replication creates one of the two VMs, then fails: that half-made replica must be deleted.
  { id: 'halfreplica', software: 'nginx', vms: 2, partialFailureRate: { replicate: 1 }, retention: 'retain', expect: { verdict: 'error', step: 'replicate', release: 'deleted' } },
  { id: 'noinventory', software: 'mariadb', failureRate: { inventory: 1 }, expect: { verdict: 'error', step: 'inventory', release: 'deleted' } },
  { id: 'noapply', software: 'nginx', failureRate: { apply: 1 }, expect: { verdict: 'error', step: 'apply', release: 'deleted' } },
  // nginx does not come back after the patch restarted it: failed at apply (not error), and PostgreSQL beside it is still tested.
  { id: 'badconf-nginx', software: ['nginx', 'postgresql'], faults: RESTART_FAILS('nginx'), expect: { verdict: 'failed', step: 'apply', release: 'deleted' } },
];

describe('the verification pipeline over NATS JetStream and PostgreSQL (fake provider)', () => {
  let platform: E2ePlatform;

  beforeAll(async () => {
    platform = await E2ePlatform.start({ ACK_WAIT_MS: '10000' });
    for (const tenant of TENANTS) await addFakeTenant(platform, tenant);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('fans a patch out to 23 subscribed tenants and ends every run with the verdict its environment implies', async () => {
    expect(TENANTS).toHaveLength(23);
    const published = await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', PATCH);
    expect(published.status).toBe(201);
    expect(published.body.runsCreated).toBe(TENANTS.length);

    const runs = await waitForFinishedRuns(platform, PATCH.id, TENANTS.length, 240_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
    for (const tenant of TENANTS) {
      const run = runs.find((candidate) => candidate.tenant.id === tenant.id);
      expect({ tenant: tenant.id, verdict: run?.verdict, step: run?.failure?.step, release: run?.releaseAction })
        .toEqual({ tenant: tenant.id, verdict: tenant.expect.verdict, step: tenant.expect.step, release: tenant.expect.release });
    }
  });

  it('publishes one verification.completed per run with verdict, results and per-step timings', async () => {
    const completed = await readSubject<{ runId: string; payload: { verdict: string; results: unknown[]; timings: Array<{ step: string }>; run: { patch: { id: string }; tenant: { id: string } } } }>(platform, 'patchproof.verification.completed.v1');
    expect(completed).toHaveLength(TENANTS.length);
    expect([...countBy(completed, (event) => event.runId ?? '').values()].every((n) => n === 1)).toBe(true);
    const passed = completed.find((event) => event.payload.run.tenant.id === 'ok-postgresql-1')!;
    expect(passed.payload.verdict).toBe('passed');
    expect(passed.payload.run.patch.id).toBe(PATCH.id);
    expect(passed.payload.results.length).toBeGreaterThan(0);
    expect(passed.payload.timings.map((timing) => timing.step)).toEqual(expect.arrayContaining(['replicate', 'inventory', 'select', 'prepare', 'apply', 'test']));
  });

  it('runs each DB function-group test once per DBMS on a VM with PostgreSQL and MariaDB, and passes', async () => {
    const run = (await runsOf(platform, PATCH.id)).find((candidate) => candidate.tenant.id === 'ok-postgresql-mariadb')!;
    const report = await platform.api<{ verdict: string; counts: { selected: number }; vms: Array<{ tiers: Array<{ results: TestResult[] }> }> }>(
      'reporter', 'GET', `/runs/${run.runId}/report`,
    );
    expect(report.status).toBe(200);
    expect(report.body.verdict).toBe('passed');
    const results = report.body.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results));
    const dbFunctionGroup = new Set(STARTER_CATALOG.tests.filter((test) => test.tier === 'function-group' && test.targetId === 'db').map((test) => test.id));
    expect(dbFunctionGroup.size).toBeGreaterThan(0);
    const targetsOf = (testId: string) => results.filter((result) => result.testId === testId).map((result) => result.target);
    for (const testId of dbFunctionGroup) expect({ testId, targets: targetsOf(testId) }).toEqual({ testId, targets: ['mariadb', 'postgresql-15'] });
    const others = results.filter((result) => !dbFunctionGroup.has(result.testId));
    expect(others.filter((result) => result.target !== undefined)).toEqual([]);
    expect(new Set(others.map((result) => result.testId)).size).toBe(others.length);
    expect(others.map((result) => result.testId)).toEqual(expect.arrayContaining(['pg-cluster-online', 'mysql-admin-ping']));
    expect(report.body.counts.selected).toBe(results.length);

    const junit = await platform.api<string>('reporter', 'GET', `/runs/${run.runId}/report.xml`);
    expect(junit.body).toContain('<testcase name="Table CRUD by SQL [mariadb]" classname="function-group"');
    expect(junit.body).toContain('<testcase name="Table CRUD by SQL [postgresql-15]" classname="function-group"');
  });

  it('fails a patch after which a service does not come back, naming VM and service with the evidence, and still runs every test', async () => {
    const run = (await runsOf(platform, PATCH.id)).find((candidate) => candidate.tenant.id === 'badconf-nginx')!;
    const vmId = `fake-${run.runId}.vm1`;
    const prefix = `patch failed on 1 of 1 VMs: ${vmId}: nginx did not come back after its restart (exit 1); simulated config check exits 1; tests: `;
    expect(run.failure?.reason.slice(0, prefix.length)).toBe(prefix);
    expect(run.failure?.reason.slice(prefix.length)).toMatch(/^\d+ of \d+ tests failed: /);
    const report = await platform.api<{
      verdict: string; failure: { step: string; reason: string }; counts: { selected: number; executed: number; failed: number; passed: number };
      patch: Array<{ vmId: string; status: string; failure?: { kind: string; service: string; exitCode: number; logTail: string; configCheck: { command: string } } }>;
      vms: Array<{ tiers: Array<{ results: TestResult[] }> }>;
    }>('reporter', 'GET', `/runs/${run.runId}/report`);
    expect(report.body).toMatchObject({ verdict: 'failed', failure: { step: 'apply' } });
    expect(report.body.patch).toEqual([expect.objectContaining({
      vmId, status: 'failed',
      failure: expect.objectContaining({ kind: 'service-restart', service: 'nginx', exitCode: 1, logTail: expect.stringMatching(/^simulated: nginx failed to start/), configCheck: expect.objectContaining({ command: 'simulated config check of nginx' }) }),
    })]);
    // Every selected test ran: nginx's fail (it is down), PostgreSQL's beside it still pass.
    const results = report.body.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results));
    expect(results).toHaveLength(report.body.counts.selected);
    expect(report.body.counts.executed).toBe(report.body.counts.selected);
    expect(results.filter((result) => result.status === 'failed').map((result) => result.output)).toEqual(
      results.filter((result) => result.status === 'failed').map(() => 'simulated: connection refused, nginx is not running'));
    expect(results.some((result) => result.status === 'passed' && result.testId.startsWith('pg-'))).toBe(true);

    const junit = await platform.api<string>('reporter', 'GET', `/runs/${run.runId}/report.xml`);
    expect(junit.body).toContain('<testcase name="apply" classname="apply" time="0.000">');
    expect(junit.body).toContain('<failure message="nginx did not come back after its restart (exit 1); simulated config check exits 1" type="service-restart">');
    const [completed] = (await readSubject<{ payload: { verdict: string; failure: { step: string; reason: string }; run: { runId: string } } }>(platform, 'patchproof.verification.completed.v1'))
      .filter((event) => event.payload.run.runId === run.runId);
    expect(completed.payload).toMatchObject({ verdict: 'failed', failure: { step: 'apply', reason: run.failure?.reason } });
    expect((await readSubject(platform, 'patchproof.run.failed.v1')).filter((event) => event.runId === run.runId)).toEqual([]);
  });

  it('leaves no replica of a failed run behind and keeps a retained one', async () => {
    const { rows } = await platform.db.query(`SELECT r.status, count(*)::int AS n FROM fake_cloud.replica r GROUP BY r.status`);
    const byStatus = Object.fromEntries(rows.map((row: { status: string; n: number }) => [row.status, row.n]));
    expect(byStatus).toEqual({ deleted: 21, retained: 1 });
    const { rows: vms } = await platform.db.query('SELECT count(*)::int AS n FROM fake_cloud.vm WHERE replica_id IS NOT NULL');
    expect(vms[0].n).toBe(1); // the retained replica's one VM

    // The half-made replica existed (one of two VMs was created) and is gone, though the tenant asked to retain replicas.
    const half = (await runsOf(platform, PATCH.id)).find((run) => run.tenant.id === 'halfreplica')!;
    expect(half.failure?.reason).toMatch(/created 1 of 2 VMs/);
    const { rows: made } = await platform.db.query(
      `SELECT e.failed, r.status, (SELECT count(*)::int FROM fake_cloud.vm v WHERE v.replica_id = r.replica_id) AS vms
       FROM fake_cloud.execution e JOIN fake_cloud.replica r ON r.run_id = e.run_id WHERE e.run_id = $1 AND e.operation = 'replicate'`, [half.runId]);
    expect(made).toEqual([{ failed: true, status: 'deleted', vms: 0 }]);
  });

  it('creates no new runs when the same patch is published again, and refuses the id with other content', async () => {
    const again = await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', PATCH);
    expect(again.status).toBe(200);
    expect(again.body.runsCreated).toBe(0);
    const changed = await platform.api<{ message: string[] }>('patch-intake', 'POST', '/patches', { ...PATCH, severity: 'critical' });
    expect(changed.status).toBe(409);
    expect(changed.body.message).toEqual([expect.stringMatching(/^severity: differs from patch PP-E2E-OPENSSL-1 as first published/)]);
    expect(await runsOf(platform, PATCH.id)).toHaveLength(TENANTS.length);
  });

  it('answers malformed HTTP bodies with 400 naming the fields, and writes nothing', async () => {
    const badTenant = await platform.api<{ message: string[] }>('patch-intake', 'POST', '/tenants', { id: 'Bad Id', provider: 'fake', policy: { minSeverity: 'urgent' } });
    expect(badTenant.status).toBe(400);
    expect(badTenant.body.message.join('\n')).toMatch(/id/);
    expect(badTenant.body.message.join('\n')).toMatch(/policy\.minSeverity|minSeverity/);
    const badPatch = await platform.api<{ message: string[] }>('patch-intake', 'POST', '/patches', { id: 'P-2', title: 'x', severity: 'high', packages: [{ ecosystem: 'Debian:12', name: 'openssl' }] });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.message.join('\n')).toMatch(/packages\.0\.fixedVersion|fixedVersion/);
    const badEnvironment = await platform.api<{ message: string[] }>('replicator', 'POST', '/fake/environments', {
      id: 'bad-env', seed: 1, ecosystem: 'Debian:12', vms: [{ name: 'vm1', os: { family: 'debian', name: 'Debian', version: '12' }, packages: [], services: [] }],
      latencyMs: {}, failureRate: { replicate: 2, reboot: 0.5 }, partialFailureRate: { apply: 0.5 }, faults: [],
    });
    expect(badEnvironment.status).toBe(400);
    expect(badEnvironment.body.message).toEqual([
      'failureRate.replicate: must be a number from 0 to 1',
      expect.stringMatching(/^failureRate\.reboot: unknown operation/),
      expect.stringMatching(/^partialFailureRate\.apply: unknown operation \(one of replicate\)/),
    ]);
    expect((await platform.api('replicator', 'GET', '/fake/environments/bad-env')).status).toBe(404);
    const notJson = await platform.api('patch-intake', 'POST', '/patches', '{"id": ');
    expect(notJson.status).toBe(400);
    const tenants = await platform.api<unknown[]>('patch-intake', 'GET', '/tenants');
    expect(tenants.body).toHaveLength(TENANTS.length);
    expect((await platform.api('patch-intake', 'GET', '/patches/P-2')).status).toBe(404);
  });

  it('dead-letters malformed bus messages, lists them for operators, and changes nothing', async () => {
    const js = jetstream(platform.nc);
    const before = await platform.db.query('SELECT count(*)::int AS n FROM replicator.replica');
    await js.publish('patchproof.run.requested.v1', JSON.stringify({ id: randomUUID(), subject: 'patchproof.run.requested.v1', payload: { run: { runId: 'nope' } } }));
    await js.publish('patchproof.environment.replicated.v1', 'this is not json');
    const letters = await expectEventually(async () => {
      const response = await platform.api<Array<{ subject: string; errors: string[] }>>('reporter', 'GET', '/dead-letters');
      expect(response.status).toBe(200);
      const subjects = response.body.map((letter) => letter.subject);
      expect(subjects).toEqual(expect.arrayContaining(['patchproof.run.requested.v1', 'patchproof.environment.replicated.v1']));
      return response.body;
    }, { timeoutMs: 30_000, what: 'dead letters listed' });
    const requested = letters.find((letter) => letter.subject === 'patchproof.run.requested.v1')!;
    expect(requested.errors.join('\n')).toMatch(/correlationId/);
    const after = await platform.db.query('SELECT count(*)::int AS n FROM replicator.replica');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(Object.values(platform.supervisor.exitCodes()).every((code) => code === null)).toBe(true);
  });

  it('requires a key (401) and the right role (403)', async () => {
    expect((await platform.api('patch-intake', 'GET', '/tenants', undefined, null)).status).toBe(401);
    expect((await platform.api('patch-intake', 'GET', '/tenants', undefined, 'not-a-valid-key-at-all')).status).toBe(401);
    expect((await platform.api('patch-intake', 'GET', '/tenants', undefined, platform.viewerKey)).status).toBe(200);
    expect((await platform.api('patch-intake', 'POST', '/patches', { ...PATCH, id: 'P-3' }, platform.viewerKey)).status).toBe(403);
    expect((await platform.api('reporter', 'GET', '/dead-letters', undefined, platform.viewerKey)).status).toBe(403);
  });

  it('drives the same API from the patchproof CLI with --json, and --wait exits non-zero when a run did not pass', async () => {
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, [join(__dirname, '..', 'dist', 'tools', 'cli', 'main.js'), ...args], {
      env: { ...process.env, PATCHPROOF_API_KEY: platform.apiKey, PATCHPROOF_INTAKE_URL: platform.supervisor.url('patch-intake'), PATCHPROOF_REPORTER_URL: platform.supervisor.url('reporter') },
    });
    const output = JSON.parse((await cli('runs', '--patch', PATCH.id, '--json')).stdout) as {
      summary: { total: number; tests: { executed: number } }; runs: Array<{ runId: string; tenant: { id: string } }>; truncated: boolean;
    };
    const listed = output.runs;
    expect(listed).toHaveLength(TENANTS.length);
    expect(output).toMatchObject({ summary: { total: TENANTS.length }, truncated: false });
    expect(output.summary.tests.executed).toBeGreaterThan(0);
    const limited = JSON.parse((await cli('runs', '--patch', PATCH.id, '--limit', '5', '--json')).stdout) as { runs: unknown[]; truncated: boolean };
    expect(limited).toMatchObject({ runs: expect.any(Array), truncated: true });
    expect(limited.runs).toHaveLength(5);
    const report = JSON.parse((await cli('report', listed[0].runId, '--json')).stdout) as { run: { runId: string }; counts: { selected: number } };
    expect(report.run.runId).toBe(listed[0].runId);
    const junit = (await cli('report', listed[0].runId, '--junit')).stdout;
    expect(junit).toMatch(/^<\?xml[\s\S]*<testsuites/);
    await expect(cli('runs', '--patch', PATCH.id, '--wait', '--json')).rejects.toMatchObject({ code: 1 });
    // A patch whose fan-out matched no tenant: --wait ends at once (patch-intake says it created no runs), exit 0.
    const unmatched = { ...PATCH, id: 'PP-E2E-NOBODY-1', packages: [{ ecosystem: 'Alpine:v3.20', name: 'musl', fixedVersion: '1.2.5-r1' }] };
    expect((await platform.api<{ runsCreated: number }>('patch-intake', 'POST', '/patches', unmatched)).body).toMatchObject({ runsCreated: 0 });
    expect((await cli('runs', '--patch', unmatched.id, '--wait', '--timeout', '60')).stdout.trim()).toBe(`no runs for patch ${unmatched.id}`);
    expect((await cli('runs', '--patch', PATCH.id, '--tenant', 'ok-nginx-1', '--wait')).stdout).toMatch(/^runs: 1 — 1 passed, 0 failed, 0 error$/m);
    await expect(cli('runs', '--patch', 'PP-E2E-UNKNOWN-1', '--wait')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/no patch PP-E2E-UNKNOWN-1/) });
    await expect(cli('runs', '--api-key', 'not-a-valid-key-at-all')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/401/) });
  });

  it('serves /health, /metrics and OpenAPI at /docs on every service', async () => {
    for (const name of platform.supervisor.services.keys()) {
      expect((await platform.api(name, 'GET', '/health', undefined, null)).status).toBe(200);
      const metrics = await platform.api<string>(name, 'GET', '/metrics', undefined, null);
      expect(metrics.body).toMatch(/patchproof_events_consumed_total|process_cpu/);
      const openapi = await platform.api<{ openapi: string; paths: object }>(name, 'GET', '/docs/openapi.json', undefined, null);
      expect(openapi.body.openapi).toMatch(/^3\./);
    }
  });
});
