import { INestApplication } from '@nestjs/common';
import { RunContext, TestResult, TestStatus, Verdict } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { createTestDatabase, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { ReporterConfig } from '../reporter.config';
import { RunRecord, RunStatus, SelectedTestRef } from '../run-ledger/run.entity';
import { RunSummary } from './summarize-runs.handler';

const OPERATOR_KEY = 'runs-summary-spec-operator-key-0001';
const ACME_KEY = 'runs-summary-spec-acme-tenant-key-0001';

function test(index: number): SelectedTestRef {
  return { testId: `t-${index}`, version: 1, name: `test ${index}`, vmId: 'db1', tier: 'function-group', subject: 'function' };
}

function resultOf(ref: SelectedTestRef, status: TestStatus): TestResult {
  return { ...ref, status, durationMs: 10, output: status };
}

interface Seed {
  patchId: string;
  tenantId: string;
  status: RunStatus;
  /** One status per selected test; null: no results yet. */
  results?: TestStatus[] | null;
  createdAt?: Date;
}

/** Writes a run row as the reporter's ledger would leave it (this spec is about the reads, not the events). */
function runRow({ patchId, tenantId, status, results = null, createdAt = new Date() }: Seed): Partial<RunRecord> {
  const runId = randomUUID();
  const context = {
    runId,
    patch: { id: patchId, title: patchId, severity: 'high', source: 'native', advisoryIds: [], packages: [], publishedAt: createdAt.toISOString() },
    tenant: { id: tenantId, name: tenantId, provider: 'fake', environmentRef: tenantId, policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } },
  } as unknown as RunContext;
  const selected = results ? results.map((_, index) => test(index)) : null;
  const verdict = ['passed', 'failed', 'error'].includes(status) ? (status as Verdict) : null;
  return {
    runId, patchId, tenantId, provider: 'fake', status, verdict, currentStep: verdict ? null : 'admission', lastProgressAt: createdAt,
    context, correlationId: randomUUID(), unknownSoftware: [], selected,
    results: results && selected ? results.map((outcome, index) => resultOf(selected[index], outcome)) : null,
    createdAt, finishedAt: verdict ? createdAt : null,
  };
}

describe('GET /runs/summary on real PostgreSQL: every matching run, by tenant, with test totals', () => {
  let database: TestDatabase;
  let nats: TestNatsServer;
  let app: INestApplication;
  const savedEnv = { bootstrap: process.env.PATCHPROOF_BOOTSTRAP_KEY, keys: process.env.PATCHPROOF_API_KEYS };
  const get = (path: string, key = OPERATOR_KEY) => request(app.getHttpServer()).get(path).set('authorization', `Bearer ${key}`);
  const summaryOf = async (query: string, key = OPERATOR_KEY): Promise<RunSummary> => (await get(`/runs/summary?${query}`, key).expect(200)).body as RunSummary;

  beforeAll(async () => {
    [database, nats] = await Promise.all([createTestDatabase('pp_summary'), startTestNatsServer()]);
    process.env.PATCHPROOF_BOOTSTRAP_KEY = OPERATOR_KEY;
    process.env.PATCHPROOF_API_KEYS = JSON.stringify([{ name: 'acme', role: 'tenant', tenantId: 'acme', key: ACME_KEY }]);
    const config = loadConfig(ReporterConfig, { DATABASE_URL: database.url, NATS_URL: nats.url, PORT: '0', LOG_LEVEL: 'error' });
    app = await bootstrapService({ service: 'reporter', description: 'summary spec', module: AppModule.register(config), config, port: config.PORT });

    // 60 runs of P-MANY, the failed one the oldest: beyond the list's default limit of 50.
    const start = Date.now() - 3_600_000;
    const many = Array.from({ length: 60 }, (_, index) => runRow({
      patchId: 'P-MANY', tenantId: `t${String(index).padStart(2, '0')}`, status: index === 0 ? 'failed' : 'passed',
      results: index === 0 ? ['passed', 'failed'] : ['passed', 'passed'], createdAt: new Date(start + index * 1000),
    }));
    // P-TESTS: acme passed 3 (one skipped), acme still queued, globex failed 1 and errored 1, globex running.
    const tests = [
      runRow({ patchId: 'P-TESTS', tenantId: 'acme', status: 'passed', results: ['passed', 'passed', 'skipped'] }),
      runRow({ patchId: 'P-TESTS', tenantId: 'acme', status: 'queued' }),
      runRow({ patchId: 'P-TESTS', tenantId: 'globex', status: 'failed', results: ['passed', 'failed', 'error'] }),
      runRow({ patchId: 'P-TESTS', tenantId: 'globex', status: 'running' }),
    ];
    await app.get(DataSource).getRepository(RunRecord).insert([...many, ...tests]);
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([nats?.stop(), database?.drop()]);
    process.env.PATCHPROOF_BOOTSTRAP_KEY = savedEnv.bootstrap;
    process.env.PATCHPROOF_API_KEYS = savedEnv.keys;
    if (savedEnv.bootstrap === undefined) delete process.env.PATCHPROOF_BOOTSTRAP_KEY;
    if (savedEnv.keys === undefined) delete process.env.PATCHPROOF_API_KEYS;
  });

  it('counts every run of a patch, also the ones past the list\'s limit', async () => {
    const listed = (await get('/runs?patchId=P-MANY').expect(200)).body as Array<{ verdict: string }>;
    expect(listed).toHaveLength(50);
    expect(listed.every((run) => run.verdict === 'passed')).toBe(true);
    const summary = await summaryOf('patchId=P-MANY');
    expect(summary).toMatchObject({ patchId: 'P-MANY', tenantId: null, total: 60, finished: 60, byVerdict: { passed: 59, failed: 1, error: 0 } });
    expect(summary.tests).toEqual({ selected: 120, executed: 120, passed: 119, failed: 1, errored: 0, skipped: 0 });
  });

  it('sums the tests of the matching runs\' results: selected, executed (not skipped) and each outcome', async () => {
    const summary = await summaryOf('patchId=P-TESTS');
    expect(summary).toMatchObject({
      total: 4, finished: 2, byStatus: { queued: 1, running: 1, passed: 1, failed: 1, error: 0 }, waitingByStep: { admission: 2 },
    });
    expect(summary.tests).toEqual({ selected: 6, executed: 5, passed: 3, failed: 1, errored: 1, skipped: 1 });
    expect((await summaryOf('patchId=P-NONE')).tests).toEqual({ selected: 0, executed: 0, passed: 0, failed: 0, errored: 0, skipped: 0 });
  });

  it('filters by tenantId, alone or with patchId', async () => {
    expect(await summaryOf('patchId=P-TESTS&tenantId=globex')).toMatchObject({
      patchId: 'P-TESTS', tenantId: 'globex', total: 2, byStatus: { running: 1, failed: 1 },
      tests: { selected: 3, executed: 3, passed: 1, failed: 1, errored: 1, skipped: 0 },
    });
    expect(await summaryOf('tenantId=acme')).toMatchObject({ patchId: null, tenantId: 'acme', total: 2, tests: { executed: 2, skipped: 1 } });
    expect(await summaryOf('tenantId=t00')).toMatchObject({ total: 1, byVerdict: { failed: 1 } });
  });

  it('limits role tenant to its own tenant: naming it is fine, naming another is 403; bad filters are 400', async () => {
    expect(await summaryOf('patchId=P-TESTS', ACME_KEY)).toMatchObject({ tenantId: 'acme', total: 2 });
    expect(await summaryOf('patchId=P-TESTS&tenantId=acme', ACME_KEY)).toMatchObject({ tenantId: 'acme', total: 2 });
    await get('/runs/summary?tenantId=globex', ACME_KEY).expect(403);
    await get('/runs/summary?tenantId=Not%20A%20Tenant').expect(400);
    await get('/runs/summary?limit=5').expect(400);
  });
});
