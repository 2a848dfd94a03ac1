import { INestApplication } from '@nestjs/common';
import {
  createEvent, EventEnvelope, PatchAppliedV1, PayloadOf, PipelineStep, RunContext, SelectedTest, Subject, TestResult, TestStatus, VerificationCompletedV1,
} from '@patchproof/contracts';
import { connectJetStream, JetStreamHandles, PIPELINE_STREAM } from '@patchproof/messaging';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { createTestDatabase, expectEventually, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ReporterConfig } from './reporter.config';
import { RunDetail } from './reports/get-run.handler';
import { RunReport } from './reports/run-report';

const OPERATOR_KEY = 'reporter-spec-operator-key-0001';
const VIEWER_KEY = 'reporter-spec-viewer-key-0001';
const ACME_KEY = 'reporter-spec-acme-tenant-key-0001';
const VERIFICATION = 'patchproof.verification.completed.v1';

/** Builds one run's events, each caused by the one before (as the services would publish them). */
class RunScenario {
  readonly runId = randomUUID();
  readonly context: RunContext;
  private readonly correlationId = randomUUID();
  private cause: string = this.correlationId;

  constructor(tenantId = 'acme') {
    this.context = {
      runId: this.runId,
      patch: {
        id: 'DSA-5001-1', title: 'openssl security update', severity: 'high', source: 'native', advisoryIds: ['CVE-2025-0001'],
        packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }], publishedAt: new Date().toISOString(),
      },
      tenant: { id: tenantId, name: tenantId.toUpperCase(), provider: 'fake', environmentRef: `${tenantId}-prod`, policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } },
    };
  }

  get replica() {
    return {
      replicaId: `replica-${this.runId.slice(0, 8)}`, provider: 'fake', reused: false,
      vms: [{ vmId: 'web1', name: 'web', osFamily: 'debian' as const }, { vmId: 'db1', name: 'db', osFamily: 'debian' as const }],
    };
  }

  event<S extends Subject>(subject: S, payload: Omit<PayloadOf<S>, 'run'>, discriminator?: string): EventEnvelope<PayloadOf<S>> {
    const envelope = createEvent(subject, { ...payload, run: this.context } as PayloadOf<S>, {
      causationId: this.cause, correlationId: this.correlationId, runId: this.runId, discriminator,
    });
    this.cause = envelope.id;
    return envelope;
  }

  queued = () => this.event('patchproof.run.queued.v1', { queuedAt: new Date().toISOString() });
  requested = () => this.event('patchproof.run.requested.v1', { requestedAt: new Date().toISOString() });
  replicated = () => this.event('patchproof.environment.replicated.v1', { replica: this.replica });
  inventoried = () => this.event('patchproof.inventory.collected.v1', {
    replica: this.replica,
    inventories: [{ vmId: 'web1', os: { family: 'debian', name: 'Debian', version: '12' }, packages: [{ name: 'openssl', version: '3.0.14' }], services: [] }],
  });
  selected = (tests: SelectedTest[]) => this.event('patchproof.tests.selected.v1', { replica: this.replica, tests, unknownSoftware: [{ vmId: 'db1', packages: ['acme-erp'] }] });
  prepared = (preparations: TestResult[] = []) => this.event('patchproof.tests.prepared.v1', { replica: this.replica, preparations });
  applied = (vms: PatchAppliedV1['vms'] = [{ vmId: 'web1', changed: [{ name: 'openssl', before: '3.0.14', after: '3.0.15-1~deb12u1' }], restarted: ['nginx'], rebooted: false, log: 'apt-get install openssl' }]) =>
    this.event('patchproof.patch.applied.v1', { replica: this.replica, vms });
  completed = (results: TestResult[], discriminator?: string) => this.event('patchproof.tests.completed.v1', { replica: this.replica, results }, discriminator);
  failed = (step: PipelineStep, reason: string) => this.event('patchproof.run.failed.v1', { step, reason });
}

function selectedTest(testId: string, vmId: string, tier: SelectedTest['tier'] = 'software'): SelectedTest {
  return { testId, version: 1, name: `${testId} works`, vmId, tier, subject: 'function', site: 'remote', reason: 'openssl is installed', definition: { kind: 'command' }, timeoutMs: 60_000 };
}

function resultOf(test: SelectedTest, status: TestStatus, output = `${test.testId}: ${status}`): TestResult {
  const { testId, version, name, vmId, target, tier, subject } = test;
  return { testId, version, name, vmId, ...(target === undefined ? {} : { target }), tier, subject, status, durationMs: 250, output };
}

/** The same test selected once per target on one VM (two DBMS). */
function perTarget(testId: string, vmId: string, targets: string[]): SelectedTest[] {
  return targets.map((target) => ({ ...selectedTest(testId, vmId, 'function-group'), target }));
}

/** A webhook receiver that answers 500 to the first delivery of each event and 200 afterwards. */
async function startWebhookReceiver(): Promise<{ url: string; received: Array<{ eventId: string; body: VerificationCompletedV1 }>; close(): Promise<void> }> {
  const received: Array<{ eventId: string; body: VerificationCompletedV1 }> = [];
  const read = async (incoming: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((incoming, response) => {
    void read(incoming).then((text) => {
      const eventId = String(incoming.headers['x-patchproof-event-id']);
      const first = !received.some((delivery) => delivery.eventId === eventId);
      received.push({ eventId, body: JSON.parse(text) as VerificationCompletedV1 });
      response.writeHead(first ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/patchproof`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('reporter on real NATS JetStream and PostgreSQL', () => {
  let database: TestDatabase;
  let nats: TestNatsServer;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let app: INestApplication;
  let handles: JetStreamHandles;
  let config: ReporterConfig;
  const savedEnv = { bootstrap: process.env.PATCHPROOF_BOOTSTRAP_KEY, keys: process.env.PATCHPROOF_API_KEYS };

  const get = (path: string, key = OPERATOR_KEY) => request(app.getHttpServer()).get(path).set('authorization', `Bearer ${key}`);
  const publish = async (envelope: EventEnvelope): Promise<void> => {
    await handles.js.publish(envelope.subject, JSON.stringify(envelope), { msgID: envelope.id });
  };
  const runOf = async (runId: string): Promise<RunDetail> => {
    const response = await get(`/runs/${runId}`);
    expect(response.status).toBe(200);
    return response.body as RunDetail;
  };
  const completedSteps = (run: RunDetail): PipelineStep[] => run.steps.filter((step) => step.completedAt).map((step) => step.step);

  /** Publishes an event and waits until the reporter recorded it, as the next service would only publish after it. */
  const step = async (envelope: EventEnvelope): Promise<RunDetail> => {
    await publish(envelope);
    await expectEventually(async () => {
      const run = await runOf(envelope.runId!);
      expect(run.events.map((event) => event.eventId)).toContain(envelope.id);
    }, { intervalMs: 25, what: `${envelope.subject} recorded` });
    // The run row and its events are read by separate queries; once the event is visible its
    // transaction has committed, so a fresh read shows the state it committed with.
    return runOf(envelope.runId!);
  };

  const verificationsOf = async (runId: string): Promise<Array<EventEnvelope<VerificationCompletedV1>>> => {
    const info = await handles.jsm.streams.info(PIPELINE_STREAM);
    const found: Array<EventEnvelope<VerificationCompletedV1>> = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const message = await handles.jsm.streams.getMessage(PIPELINE_STREAM, { seq });
      if (message?.subject !== VERIFICATION) continue;
      const envelope = message.json<EventEnvelope<VerificationCompletedV1>>();
      if (envelope.payload.run.runId === runId) found.push(envelope);
    }
    return found;
  };

  const finishedRun = (runId: string, status: RunDetail['status']): Promise<RunDetail> =>
    expectEventually(async () => {
      const run = await runOf(runId);
      expect(run.status).toBe(status);
      expect(await verificationsOf(runId)).toHaveLength(1);
      return run;
    }, { what: `run ${runId} ${status} with its verification.completed published` });

  const consumersSettled = (): Promise<void> =>
    expectEventually(async () => {
      for await (const consumer of handles.jsm.consumers.list(PIPELINE_STREAM)) {
        expect({ name: consumer.name, pending: consumer.num_pending + consumer.num_ack_pending }).toEqual({ name: consumer.name, pending: 0 });
      }
    }, { what: 'every reporter consumer settled' });

  /** Drives a run through every step up to (excluding) tests.completed. */
  const upToTests = async (scenario: RunScenario, tests: SelectedTest[]): Promise<void> => {
    for (const envelope of [scenario.queued(), scenario.requested(), scenario.replicated(), scenario.inventoried(), scenario.selected(tests), scenario.prepared(), scenario.applied()]) {
      await step(envelope);
    }
  };

  beforeAll(async () => {
    [database, nats, webhook] = await Promise.all([createTestDatabase(), startTestNatsServer(), startWebhookReceiver()]);
    process.env.PATCHPROOF_BOOTSTRAP_KEY = OPERATOR_KEY;
    process.env.PATCHPROOF_API_KEYS = JSON.stringify([
      { name: 'viewer', role: 'viewer', key: VIEWER_KEY },
      { name: 'acme', role: 'tenant', tenantId: 'acme', key: ACME_KEY },
    ]);
    config = loadConfig(ReporterConfig, {
      DATABASE_URL: database.url, NATS_URL: nats.url, PORT: '0', LOG_LEVEL: 'error',
      RUN_STALL_TIMEOUT_MS: '1500', RUN_STALL_SWEEP_INTERVAL_MS: '100', RETRY_DELAY_MS: '100', OUTBOX_POLL_MS: '50',
      NOTIFY_WEBHOOK_URL: webhook.url, NOTIFY_WEBHOOK_RETRY_DELAY_MS: '50', NOTIFY_WEBHOOK_TIMEOUT_MS: '2000',
    });
    app = await bootstrapService({ service: 'reporter', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    handles = await connectJetStream({ url: nats.url, name: 'reporter-spec', duplicateWindowMs: config.DUPLICATE_WINDOW_MS });
  });

  afterAll(async () => {
    await app?.close();
    await handles?.nc.close();
    await webhook?.close();
    await Promise.all([nats?.stop(), database?.drop()]);
    process.env.PATCHPROOF_BOOTSTRAP_KEY = savedEnv.bootstrap;
    process.env.PATCHPROOF_API_KEYS = savedEnv.keys;
    if (savedEnv.bootstrap === undefined) delete process.env.PATCHPROOF_BOOTSTRAP_KEY;
    if (savedEnv.keys === undefined) delete process.env.PATCHPROOF_API_KEYS;
  });

  it('ends a full happy run as passed with one verification.completed carrying every timing, then records the release', async () => {
    const scenario = new RunScenario();
    const tests = [selectedTest('tls', 'web1'), selectedTest('nginx', 'web1', 'software-group'), selectedTest('pg', 'db1', 'function-group'), selectedTest('cron', 'db1')];
    await upToTests(scenario, tests);
    const beforeResults = await runOf(scenario.runId);
    expect(beforeResults).toMatchObject({ status: 'running', currentStep: 'test', verdict: null });
    await step(scenario.completed([resultOf(tests[0], 'passed'), resultOf(tests[1], 'passed'), resultOf(tests[2], 'passed'), resultOf(tests[3], 'skipped')]));

    const run = await finishedRun(scenario.runId, 'passed');
    expect(run).toMatchObject({ verdict: 'passed', failure: null, currentStep: 'release' });
    const [verification] = await verificationsOf(scenario.runId);
    expect(verification.payload).toMatchObject({ verdict: 'passed', replica: { replicaId: scenario.replica.replicaId }, unknownSoftware: [{ vmId: 'db1', packages: ['acme-erp'] }] });
    expect(verification.payload.failure).toBeUndefined();
    expect(verification.payload.results).toHaveLength(4);
    expect(verification.payload.timings.map((timing) => timing.step)).toEqual(['admission', 'replicate', 'inventory', 'select', 'prepare', 'apply', 'test', 'report']);
    for (const timing of verification.payload.timings) expect(timing.durationMs).toBe(Math.max(0, Date.parse(timing.completedAt) - Date.parse(timing.startedAt)));

    const released = scenario.event('patchproof.replica.released.v1', { replicaId: scenario.replica.replicaId, action: 'deleted', verdict: 'passed' });
    const after = await step(released);
    expect(after).toMatchObject({ status: 'passed', verdict: 'passed', releaseAction: 'deleted', currentStep: null });
    expect(completedSteps(after)).toEqual(['admission', 'replicate', 'inventory', 'select', 'prepare', 'apply', 'test', 'report', 'release']);

    const report = (await get(`/runs/${scenario.runId}/report`, ACME_KEY).expect(200)).body as RunReport;
    expect(report.counts).toEqual({ selected: 4, executed: 3, passed: 3, failed: 0, errored: 0, skipped: 1 });
    expect(report.vms.map((vm) => [vm.vmId, vm.name, vm.tiers.map((tier) => tier.tier)])).toEqual([
      ['web1', 'web', ['software-group', 'software']],
      ['db1', 'db', ['function-group', 'software']],
    ]);
    expect(report.timings.map((timing) => timing.step)).toContain('release');
    // An outcome without a status (as patch.applied carried before verdict semantics) is reported as applied.
    expect(report.patch).toEqual([{ vmId: 'web1', status: 'applied', changed: [{ name: 'openssl', before: '3.0.14', after: '3.0.15-1~deb12u1' }], restarted: ['nginx'], rebooted: false }]);
  });

  it('fails a run whose patch broke a VM at apply, naming VM and service, with the tests that ran and the evidence in report and JUnit', async () => {
    const scenario = new RunScenario();
    const tests = [selectedTest('http', 'web1'), selectedTest('pg', 'db1')];
    for (const envelope of [scenario.requested(), scenario.replicated(), scenario.inventoried(), scenario.selected(tests), scenario.prepared()]) await step(envelope);
    const failure = {
      kind: 'service-restart' as const, service: 'nginx', exitCode: 1, reason: 'nginx did not come back after its restart (exit 1); nginx -t exits 1',
      configCheck: { command: 'nginx -t', exitCode: 1, output: 'nginx: [emerg] unknown directive "bogus_directive" in /etc/nginx/conf.d/pp-site.conf:1' },
      logTail: '2026/12/07 12:00:00 [emerg] 42#42: unknown directive "bogus_directive"',
    };
    const change = { name: 'openssl', before: '3.0.14', after: '3.0.15-1~deb12u1' };
    await step(scenario.applied([
      { vmId: 'web1', status: 'failed', failure, changed: [change], restarted: [], rebooted: false, log: '$ pp-service restart nginx' },
      { vmId: 'db1', status: 'applied', changed: [change], restarted: ['postgresql'], rebooted: false, log: '' },
    ]));
    await step(scenario.completed([resultOf(tests[0], 'failed', 'connect ECONNREFUSED web1:80'), resultOf(tests[1], 'passed')]));

    const run = await finishedRun(scenario.runId, 'failed');
    const reason = 'patch failed on 1 of 2 VMs: web1: nginx did not come back after its restart (exit 1); nginx -t exits 1; tests: 1 of 2 tests failed: web1/http works';
    expect(run).toMatchObject({ verdict: 'failed', failure: { step: 'apply', reason } });
    const [verification] = await verificationsOf(scenario.runId);
    expect(verification.payload).toMatchObject({ verdict: 'failed', failure: { step: 'apply', reason } });
    expect(verification.payload.results).toHaveLength(2);

    const report = (await get(`/runs/${scenario.runId}/report`).expect(200)).body as RunReport;
    expect(report.patch).toEqual([
      { vmId: 'web1', status: 'failed', failure, changed: [change], restarted: [], rebooted: false },
      { vmId: 'db1', status: 'applied', changed: [change], restarted: ['postgresql'], rebooted: false },
    ]);
    expect(report.counts).toMatchObject({ executed: 2, failed: 1, passed: 1 });
    const xml = (await get(`/runs/${scenario.runId}/report.xml`).expect(200)).text;
    expect(xml).toContain('<testcase name="apply" classname="apply" time="0.000">');
    expect(xml).toContain(`<failure message="${failure.reason}" type="service-restart">`);
    expect(xml).toContain('config check: nginx -t (exit 1)\nnginx: [emerg] unknown directive &quot;bogus_directive&quot;');
    expect(xml).not.toContain('classname="pipeline"');
  });

  it('notifies the webhook of a finished run, retrying after a failed delivery', async () => {
    const scenario = new RunScenario();
    const test = selectedTest('tls', 'web1');
    await upToTests(scenario, [test]);
    await step(scenario.completed([resultOf(test, 'passed')]));
    await finishedRun(scenario.runId, 'passed');
    const [verification] = await verificationsOf(scenario.runId);
    const dataSource = app.get(DataSource);
    await expectEventually(async () => {
      const [row] = await dataSource.query('SELECT status, attempts, last_error FROM reporter.notification WHERE run_id = $1', [scenario.runId]);
      expect(row).toEqual({ status: 'delivered', attempts: 2, last_error: null });
    }, { what: 'notification delivered on the second attempt' });
    const deliveries = webhook.received.filter((delivery) => delivery.eventId === verification.id);
    expect(deliveries).toHaveLength(2);
    expect(deliveries[1].body).toEqual(verification.payload);
  });

  it('ends a run as error naming the step when a service reports run.failed', async () => {
    const scenario = new RunScenario();
    for (const envelope of [scenario.requested(), scenario.replicated()]) await step(envelope);
    await step(scenario.failed('inventory', 'ssh: connect to web1: connection refused'));

    const run = await finishedRun(scenario.runId, 'error');
    expect(run).toMatchObject({ verdict: 'error', failure: { step: 'inventory', reason: 'ssh: connect to web1: connection refused' }, currentStep: 'release' });
    expect(run.steps.find((candidate) => candidate.step === 'inventory')).toMatchObject({ outcome: 'failed' });
    const [verification] = await verificationsOf(scenario.runId);
    expect(verification.payload).toMatchObject({ verdict: 'error', failure: { step: 'inventory' }, replica: { replicaId: scenario.replica.replicaId }, results: [] });

    const xml = await get(`/runs/${scenario.runId}/report.xml`).expect(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.text).toContain('<testcase name="inventory" classname="pipeline" time="0.000">');
  });

  it('ends a run as error at prepare when a preparation failed', async () => {
    const scenario = new RunScenario();
    const seed = resultOf(selectedTest('seed-orders', 'db1'), 'failed', 'psql: relation "orders" does not exist');
    for (const envelope of [scenario.requested(), scenario.replicated(), scenario.inventoried(), scenario.selected([selectedTest('tls', 'web1')])]) await step(envelope);
    await step(scenario.prepared([seed]));
    const run = await finishedRun(scenario.runId, 'error');
    expect(run.failure).toEqual({ step: 'prepare', reason: '1 of 1 preparations did not succeed: db1/seed-orders works (failed)' });
  });

  it('changes nothing on a duplicate delivery or on events for a finished run', async () => {
    const scenario = new RunScenario();
    const tests = [selectedTest('tls', 'web1'), selectedTest('pg', 'db1')];
    await upToTests(scenario, tests);
    const completion = scenario.completed([resultOf(tests[0], 'passed'), resultOf(tests[1], 'failed', 'expected 3 rows <got 0> & "none"')]);
    await step(completion);
    const finished = await finishedRun(scenario.runId, 'failed');
    expect(finished.failure).toEqual({ step: 'test', reason: '1 of 2 tests failed: db1/pg works' });

    // The same message again without a message id, so the server's duplicate window cannot drop it: the inbox does.
    await handles.js.publish(completion.subject, JSON.stringify(completion));
    const contrary = scenario.completed([resultOf(tests[0], 'passed'), resultOf(tests[1], 'passed')], 'contrary');
    const late = scenario.failed('test', 'runner crashed');
    await publish(contrary);
    await publish(late);
    await consumersSettled();

    const run = await runOf(scenario.runId);
    expect(run).toMatchObject({ status: 'failed', verdict: 'failed', failure: finished.failure, finishedAt: finished.finishedAt });
    expect(run.events.filter((event) => event.eventId === completion.id)).toHaveLength(1);
    expect(run.events.filter((event) => [contrary.id, late.id].includes(event.eventId))).toEqual([
      expect.objectContaining({ outcome: 'ignored', note: 'run already finished (failed)' }),
      expect.objectContaining({ outcome: 'ignored', note: 'run already finished (failed)' }),
    ]);
    expect(await verificationsOf(scenario.runId)).toHaveLength(1);
  });

  it('decides only once the selection and preparation are in, when the results overtake them', async () => {
    const scenario = new RunScenario();
    const test = selectedTest('tls', 'web1');
    for (const envelope of [scenario.requested(), scenario.replicated(), scenario.inventoried()]) await step(envelope);
    const selection = scenario.selected([test]);
    const preparation = scenario.prepared();
    const application = scenario.applied();
    await publish(scenario.completed([resultOf(test, 'passed')]));
    await expectEventually(async () => {
      const consumer = await handles.jsm.consumers.info(PIPELINE_STREAM, 'reporter--patchproof_tests_completed_v1');
      expect(consumer.num_redelivered).toBeGreaterThan(0);
    }, { what: 'tests.completed deferred' });
    expect((await runOf(scenario.runId)).verdict).toBeNull();
    for (const envelope of [selection, preparation, application]) await publish(envelope);
    const run = await finishedRun(scenario.runId, 'passed');
    expect(completedSteps(run)).toEqual(expect.arrayContaining(['select', 'prepare', 'apply', 'test', 'report']));
  });

  it('ends a run that makes no progress as error at the step it waited for, after RUN_STALL_TIMEOUT_MS', async () => {
    const scenario = new RunScenario();
    for (const envelope of [scenario.queued(), scenario.requested(), scenario.replicated()]) await step(envelope);
    const run = await finishedRun(scenario.runId, 'error');
    expect(run.failure).toEqual({ step: 'inventory', reason: 'timeout: no progress for 1500 ms' });
    expect(run.steps.find((candidate) => candidate.step === 'inventory')).toMatchObject({ outcome: 'timeout' });
    const [verification] = await verificationsOf(scenario.runId);
    expect(verification.payload).toMatchObject({ verdict: 'error', failure: { step: 'inventory', reason: 'timeout: no progress for 1500 ms' } });

    const late = await step(scenario.inventoried());
    expect(late.events.at(-1)).toMatchObject({ outcome: 'ignored' });
    expect(late.verdict).toBe('error');
  });

  it('with a second reporter replica sweeping the same database, still ends each stalled run exactly once', async () => {
    const replica = await bootstrapService({ service: 'reporter', description: 'spec replica', module: AppModule.register(config), config, port: config.PORT });
    try {
      const scenarios = [new RunScenario(), new RunScenario(), new RunScenario()];
      for (const scenario of scenarios) await step(scenario.requested());
      for (const scenario of scenarios) {
        const run = await finishedRun(scenario.runId, 'error');
        expect(run.failure).toEqual({ step: 'replicate', reason: 'timeout: no progress for 1500 ms' });
      }
    } finally {
      await replica.close();
    }
  });

  it('lists a malformed message on a reporter subject under GET /dead-letters, for operators only', async () => {
    await handles.js.publish('patchproof.tests.completed.v1', JSON.stringify({ hello: 'world' }));
    const letters = await expectEventually(async () => {
      const response = await get('/dead-letters').expect(200);
      const found = (response.body as Array<{ subject: string; body: string }>).filter((letter) => letter.body.includes('hello'));
      expect(found).toHaveLength(1);
      return found;
    }, { what: 'dead letter listed' });
    expect(letters[0]).toMatchObject({ subject: 'patchproof.tests.completed.v1', consumer: 'reporter--patchproof_tests_completed_v1', reason: 'invalid', deliveryCount: 1 });
    await get('/dead-letters', VIEWER_KEY).expect(403);
    await request(app.getHttpServer()).get('/dead-letters').expect(401);
  });

  it('serves JUnit XML of a finished run, and refuses it while the run has no verdict', async () => {
    const scenario = new RunScenario();
    const tests = [selectedTest('tls', 'web1'), selectedTest('pg', 'db1')];
    await upToTests(scenario, tests);
    const conflict = await get(`/runs/${scenario.runId}/report.xml`).expect(409);
    expect(conflict.body.message).toEqual([`runId: run ${scenario.runId} has no verdict yet (running, waiting for test)`]);
    await step(scenario.completed([resultOf(tests[0], 'passed'), resultOf(tests[1], 'error', 'pg_isready: <no response> & \'gave up\'')]));
    await finishedRun(scenario.runId, 'error');

    const xml = (await get(`/runs/${scenario.runId}/report.xml`, VIEWER_KEY).expect(200).expect('content-type', /xml/)).text;
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('<testcase name="pg works" classname="software" time="0.250">');
    expect(xml).toContain('<error message="pg_isready: &lt;no response&gt; &amp; &apos;gave up&apos;" type="error">');
  });

  it('shows tenant-registered tests in full to operators and their tenant, and redacted to viewers with the same counts', async () => {
    const scenario = new RunScenario();
    const catalog = selectedTest('tls', 'web1');
    const payroll: SelectedTest = { ...selectedTest('acme-payroll-export', 'db1', 'tenant'), name: 'Acme payroll export', version: 6, subject: 'data' };
    await upToTests(scenario, [catalog, payroll]);
    await step(scenario.completed([resultOf(catalog, 'passed'), resultOf(payroll, 'failed', 'payroll total 1234 != 1235')]));
    const run = await finishedRun(scenario.runId, 'failed');
    expect(run.failure).toEqual({ step: 'test', reason: '1 of 2 tests failed: db1/tenant test' });

    const full = (await get(`/runs/${scenario.runId}/report`).expect(200)).body as RunReport;
    const payrollResult = full.vms.find((vm) => vm.vmId === 'db1')!.tiers[0];
    expect(payrollResult).toEqual({ tier: 'tenant', results: [expect.objectContaining({ testId: 'acme-payroll-export', name: 'Acme payroll export', output: 'payroll total 1234 != 1235' })] });
    expect((await get(`/runs/${scenario.runId}/report`, ACME_KEY).expect(200)).body).toEqual(full);
    const fullXml = (await get(`/runs/${scenario.runId}/report.xml`, ACME_KEY).expect(200)).text;
    expect(fullXml).toContain('<testcase name="Acme payroll export" classname="tenant" time="0.250">');
    expect(fullXml).toContain('<property name="version" value="6"/>');

    const redacted = (await get(`/runs/${scenario.runId}/report`, VIEWER_KEY).expect(200)).body as RunReport;
    expect(redacted.counts).toEqual(full.counts);
    expect(redacted.counts).toMatchObject({ selected: 2, executed: 2, passed: 1, failed: 1 });
    expect(redacted.verdict).toBe('failed');
    expect(redacted.vms.find((vm) => vm.vmId === 'web1')).toEqual(full.vms.find((vm) => vm.vmId === 'web1'));
    expect(redacted.vms.find((vm) => vm.vmId === 'db1')!.tiers).toEqual([{
      tier: 'tenant',
      results: [{ testId: 'tenant-test-1', version: 6, name: 'tenant-test-1', vmId: 'db1', tier: 'tenant', subject: 'data', status: 'failed', durationMs: 250, output: '' }],
    }]);
    const xml = (await get(`/runs/${scenario.runId}/report.xml`, VIEWER_KEY).expect(200)).text;
    expect(xml).toContain('<testcase name="tenant-test-1" classname="tenant" time="0.250">');
    // Two tests and web1's apply testcase.
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="1"/);
    const detail = (await get(`/runs/${scenario.runId}`, VIEWER_KEY).expect(200)).text;
    const dashboard = (await get('/dashboard', VIEWER_KEY).expect(200)).text;
    for (const text of [JSON.stringify(redacted), xml, detail, dashboard]) {
      for (const secret of ['acme-payroll-export', 'Acme payroll export', 'payroll total']) expect(text).not.toContain(secret);
    }
  });

  it('keeps a test\'s results per target: both reach the verdict, the report and the JUnit XML', async () => {
    const scenario = new RunScenario();
    const tests = [...perTarget('db-sql-crud', 'db1', ['mariadb', 'postgresql-15']), selectedTest('tls', 'web1')];
    await upToTests(scenario, tests);
    await step(scenario.completed(tests.map((test) => resultOf(test, 'passed'))));
    await finishedRun(scenario.runId, 'passed');

    const report = (await get(`/runs/${scenario.runId}/report`).expect(200)).body as RunReport;
    expect(report.counts).toMatchObject({ selected: 3, executed: 3, passed: 3 });
    const db = report.vms.find((vm) => vm.vmId === 'db1')!;
    expect(db.tiers.flatMap((tier) => tier.results).map((result) => [result.testId, result.target])).toEqual([
      ['db-sql-crud', 'mariadb'], ['db-sql-crud', 'postgresql-15'],
    ]);
    const xml = (await get(`/runs/${scenario.runId}/report.xml`).expect(200)).text;
    expect(xml).toContain('<testcase name="db-sql-crud works [mariadb]" classname="function-group" time="0.250">');
    expect(xml).toContain('<testcase name="db-sql-crud works [postgresql-15]" classname="function-group" time="0.250">');
    expect(xml).toContain('<testcase name="tls works" classname="software" time="0.250">');
  });

  it('ends a run as error when one target of a test has no result', async () => {
    const scenario = new RunScenario();
    const tests = perTarget('db-sql-crud', 'db1', ['mariadb', 'postgresql-15']);
    await upToTests(scenario, tests);
    await step(scenario.completed([resultOf(tests[0], 'passed')]));
    const run = await finishedRun(scenario.runId, 'error');
    expect(run.failure).toEqual({ step: 'test', reason: '1 of 2 selected tests have no result: db1/db-sql-crud works [postgresql-15]' });
  });

  it('shows a tenant only its own runs, and summarises runs by status and verdict', async () => {
    const other = new RunScenario('globex');
    await step(other.queued());
    await get(`/runs/${other.runId}`, ACME_KEY).expect(404);
    await get('/runs?tenantId=globex', ACME_KEY).expect(403);
    const visible = (await get('/runs?limit=500', ACME_KEY).expect(200)).body as RunDetail[];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((run) => run.tenant.id === 'acme')).toBe(true);
    expect(((await get('/runs?tenantId=globex', VIEWER_KEY).expect(200)).body as RunDetail[]).map((run) => run.runId)).toEqual([other.runId]);
    await get('/runs?status=bogus').expect(400);
    await get('/runs/not-a-uuid').expect(400);

    const summary = (await get('/runs/summary?patchId=DSA-5001-1').expect(200)).body;
    expect(summary.byStatus.queued).toBeGreaterThanOrEqual(1);
    expect(summary.total).toBe(summary.finished + summary.byStatus.queued + summary.byStatus.running);
    expect(summary.byVerdict.passed).toBeGreaterThanOrEqual(1);
    const acme = (await get('/runs/summary', ACME_KEY).expect(200)).body;
    expect(acme).toMatchObject({ tenantId: 'acme', byStatus: { queued: 0 } });

    const page = await get('/dashboard', ACME_KEY).expect(200).expect('content-type', /text\/html/);
    expect(page.text).toContain('patchproof runs — tenant acme');
    expect(page.text).not.toContain(other.runId);
    await request(app.getHttpServer()).get('/dashboard').expect(401);
  });
});
