import { INestApplication } from '@nestjs/common';
import { RunContext, Verdict } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { debianEnvironment, runContext, ServiceHarness } from '@patchproof/service-harness';
import { expectEventually } from '@patchproof/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../app.module';
import { PatchApplierConfig } from '../patch-applier.config';
import { RolloutView } from './dto/rollout.view';
import { RolloutScheduler } from './schedule/rollout-scheduler.service';

const KEYS = { acme: randomBytes(18).toString('base64url'), other: randomBytes(18).toString('base64url'), viewer: randomBytes(18).toString('base64url') };

describe('rollout approval and maintenance windows (real PostgreSQL, real NATS, simulated VMs)', () => {
  const harness = new ServiceHarness('patch-applier', 'patch_applier');
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    process.env.PATCHPROOF_API_KEYS = JSON.stringify([
      { name: 'acme-key', role: 'tenant', tenantId: 'acme', key: KEYS.acme },
      { name: 'other-key', role: 'tenant', tenantId: 'other', key: KEYS.other },
      { name: 'viewer-key', role: 'viewer', key: KEYS.viewer },
    ]);
    await harness.start(async (env) => {
      const config = loadConfig(PatchApplierConfig, { ...env, ROLLOUT_POLL_MS: '100' });
      app = await bootstrapService({ service: 'patch-applier', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
      return app;
    });
    baseUrl = await app.getUrl();
    for (const id of ['approve-env', 'reject-env', 'window-env']) await harness.cloud.createEnvironment(debianEnvironment(id));
  });

  afterAll(async () => {
    delete process.env.PATCHPROOF_API_KEYS;
    await harness.close();
  });

  function verified(run: RunContext, verdict: Verdict) {
    return harness.publish('patchproof.verification.completed.v1', { run, verdict, results: [], timings: [], unknownSoftware: [] });
  }

  async function call<T = RolloutView>(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function rolloutOf(run: RunContext, status: string): Promise<RolloutView> {
    return expectEventually(async () => {
      const response = await call('GET', `/rollouts/${run.runId}`, harness.apiKey);
      expect(response.body.status).toBe(status);
      return response.body;
    }, { what: `rollout of run ${run.runId} ${status}` });
  }

  it('holds a passed run for approval; only the own tenant or an operator may approve, then it is rolled out once', async () => {
    const run = runContext('approve-env', { autoApply: false });
    await verified(run, 'passed');
    expect(await rolloutOf(run, 'awaiting-approval')).toMatchObject({ tenantId: 'acme', verdict: 'passed', vms: [] });
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({});

    expect((await call('POST', `/rollouts/${run.runId}/approve`, KEYS.other, {})).status).toBe(404);
    expect((await call('GET', `/rollouts/${run.runId}`, KEYS.other)).status).toBe(404);
    expect((await call('POST', `/rollouts/${run.runId}/approve`, KEYS.viewer, {})).status).toBe(403);
    const bad = await call<{ message: string[] }>('POST', `/rollouts/${run.runId}/approve`, KEYS.acme, { note: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.message.length).toBeGreaterThan(0);
    for (const message of bad.body.message) expect(message).toMatch(/^note: /);
    expect((await call('POST', '/rollouts/not-a-uuid/approve', KEYS.acme, {})).status).toBe(400);
    expect(await rolloutOf(run, 'awaiting-approval')).not.toHaveProperty('approval');

    const approved = await call('POST', `/rollouts/${run.runId}/approve`, KEYS.acme, { note: 'tonight is fine' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ decision: 'approved', by: 'acme-key', note: 'tonight is fine' });
    const completed = await harness.event('patchproof.rollout.completed.v1', run.runId);
    expect(completed.payload.status).toBe('applied');
    expect(await rolloutOf(run, 'applied')).toMatchObject({ vms: [expect.objectContaining({ vmId: 'approve-env.db1' })] });
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({ apply: 1 });
    // Decided and done: a second approval or a rejection changes nothing and says why.
    expect((await call<{ message: string }>('POST', `/rollouts/${run.runId}/reject`, harness.apiKey, {})).body).toMatchObject({ message: expect.stringContaining('already rolled out') });
    expect(await harness.events('patchproof.rollout.completed.v1', run.runId)).toHaveLength(1);
  });

  it('never rolls out a rejected run', async () => {
    const run = runContext('reject-env', { autoApply: false });
    await verified(run, 'passed');
    await rolloutOf(run, 'awaiting-approval');
    const rejected = await call('POST', `/rollouts/${run.runId}/reject`, harness.apiKey, { note: 'change freeze' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: expect.stringContaining('change freeze'), approval: { decision: 'rejected' } });
    expect((await call('POST', `/rollouts/${run.runId}/reject`, KEYS.acme, {})).status).toBe(200);
    expect((await call('POST', `/rollouts/${run.runId}/approve`, KEYS.acme, {})).status).toBe(409);
    await app.get(RolloutScheduler).runOne();
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({});
    expect(await harness.events('patchproof.rollout.completed.v1', run.runId)).toHaveLength(0);
  });

  it('waits outside the maintenance windows, says until when, and is rolled out by exactly one of two schedulers once a window opens', async () => {
    const now = new Date();
    const opensHour = (now.getUTCHours() + 2) % 24;
    const run = runContext('window-env', { autoApply: true, rollout: { maintenanceWindows: [{ start: `15 ${opensHour} * * *`, durationMinutes: 30, timeZone: 'UTC' }] } });
    const expectedOpening = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), opensHour, 15));
    if (expectedOpening < now) expectedOpening.setUTCDate(expectedOpening.getUTCDate() + 1);
    await verified(run, 'passed');

    const waiting = await rolloutOf(run, 'waiting-for-window');
    expect(waiting).toMatchObject({ waitingUntil: expectedOpening.toISOString(), reason: expect.stringContaining(`waits until ${expectedOpening.toISOString()}`) });
    expect(waiting.approval).toMatchObject({ decision: 'approved', by: 'policy:autoApply' });
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({});

    // Two schedulers (as two processes would) at a time inside the window: SKIP LOCKED gives the candidate to one.
    const scheduler = app.get(RolloutScheduler);
    const inWindow = new Date(expectedOpening.getTime() + 60_000);
    const steps = await Promise.all([scheduler.runOne(inWindow), scheduler.runOne(inWindow)]);
    expect(steps.sort()).toEqual(['idle', 'rolled-out']);
    expect((await harness.event('patchproof.rollout.completed.v1', run.runId)).payload.status).toBe('applied');
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({ apply: 1 });
    expect(await scheduler.runOne(inWindow)).toBe('idle');
  });
});
