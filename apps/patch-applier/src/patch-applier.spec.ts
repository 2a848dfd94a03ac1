import { RunContext, TestResult, Verdict } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { expectEventually } from '@patchproof/testing';
import { AppModule } from './app.module';
import { PatchApplierConfig } from './patch-applier.config';
import { debianEnvironment, runContext, ServiceHarness } from '@patchproof/service-harness';

const POSTGRES_CHANGE = { name: 'postgresql-15', before: '15.8-0+deb12u1', after: '15.10-0+deb12u1' };

function preparation(vmId: string, status: TestResult['status'], target?: string): TestResult {
  return {
    testId: 'pg-utf8-roundtrip', version: 1, name: 'UTF-8 survives a round trip', vmId, ...(target === undefined ? {} : { target }),
    tier: 'software', subject: 'data', status, durationMs: 3, output: 'seeded',
  };
}

describe('patch-applier service (real PostgreSQL, real NATS, simulated VMs)', () => {
  const harness = new ServiceHarness('patch-applier', 'patch_applier');

  beforeAll(async () => {
    await harness.start((env) => {
      const config = loadConfig(PatchApplierConfig, env);
      return bootstrapService({ service: 'patch-applier', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    });
    await harness.cloud.createEnvironment(debianEnvironment('acme-prod'));
    await harness.cloud.createEnvironment(debianEnvironment('acme-broken', { failureRate: { apply: 1 } }));
    await harness.cloud.createEnvironment(debianEnvironment('acme-badconf', { faults: [{ package: 'postgresql-15', fromVersion: '15.10-0+deb12u1', effect: 'restart-fails', service: 'postgresql' }] }));
    await harness.cloud.createEnvironment(debianEnvironment('acme-auto'));
    await harness.cloud.createEnvironment(debianEnvironment('acme-manual'));
  });

  afterAll(async () => {
    await harness.close();
  });

  async function prepared(run: RunContext, status?: TestResult['status'], target?: string) {
    const replica = await harness.cloud.replicate(run.tenant.environmentRef, 'delete', { runId: run.runId, step: 'replicate' });
    const preparations = status ? [preparation(replica.vms[0].vmId, status, target)] : [];
    return { replica, published: await harness.publish('patchproof.tests.prepared.v1', { run, replica, preparations }) };
  }

  async function postgresVersion(environmentId: string, replicaId: string | null): Promise<string | undefined> {
    const [vm] = await harness.cloud.vms(environmentId, replicaId);
    return vm.packages.find((item) => item.name === 'postgresql-15')?.version;
  }

  function verified(run: RunContext, verdict: Verdict) {
    return harness.publish('patchproof.verification.completed.v1', { run, verdict, results: [], timings: [], unknownSoftware: [] });
  }

  it('applies the patch to every replica VM once, restarting what uses the changed package, even when the event is redelivered', async () => {
    const run = runContext('acme-prod');
    const { replica, published } = await prepared(run, 'passed');

    const applied = await harness.event('patchproof.patch.applied.v1', run.runId);
    expect(applied.payload.vms).toEqual([expect.objectContaining({ vmId: replica.vms[0].vmId, changed: [POSTGRES_CHANGE], restarted: ['postgresql'], rebooted: false })]);
    expect(await postgresVersion('acme-prod', replica.replicaId)).toBe('15.10-0+deb12u1');
    expect(await postgresVersion('acme-prod', null)).toBe('15.8-0+deb12u1');

    const operations = await harness.cloud.operationCounts(run.runId);
    const replays = await harness.cloud.replayCounts(run.runId);
    const again = await harness.publish('patchproof.tests.prepared.v1', published.envelope.payload, { envelope: published.envelope, dedupe: false });
    await harness.settled('patchproof.tests.prepared.v1', again.seq);
    expect(await harness.events('patchproof.patch.applied.v1', run.runId)).toHaveLength(1);
    expect(await harness.cloud.operationCounts(run.runId)).toEqual(operations);
    // The inbox answered the redelivery: the handler did not even ask the cloud again.
    expect(await harness.cloud.replayCounts(run.runId)).toEqual(replays);

    const application = await harness.get<{ status: string; vms: Array<{ changed: unknown[]; restarted: string[] }> }>(`/applications/${run.runId}`);
    expect(application.status).toBe(200);
    expect(application.body).toMatchObject({ status: 'applied', vms: [{ changed: [POSTGRES_CHANGE], restarted: ['postgresql'] }] });
    expect((await harness.get(`/applications/${run.runId}`, null)).status).toBe(401);
    expect((await harness.get('/health', null)).status).toBe(200);
    const openapi = await harness.get<{ paths: Record<string, unknown> }>('/docs/openapi.json', null);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/applications/{runId}', '/rollouts/{runId}']));
  });

  it('does not touch the replica when a preparation failed, and records why', async () => {
    const run = runContext('acme-prod');
    const { replica } = await prepared(run, 'failed', 'postgresql-15');

    const application = await expectEventually(async () => {
      const response = await harness.get<{ status: string; reason: string }>(`/applications/${run.runId}`);
      expect(response.status).toBe(200);
      return response.body;
    }, { what: 'the skipped application recorded' });
    expect(application).toMatchObject({ status: 'skipped', reason: `not applied: preparation did not pass: pg-utf8-roundtrip [postgresql-15] on ${replica.vms[0].vmId} (failed)` });
    expect(await harness.events('patchproof.patch.applied.v1', run.runId)).toHaveLength(0);
    expect(await harness.cloud.operationCounts(run.runId)).toEqual({ replicate: 1 });
    expect(await postgresVersion('acme-prod', replica.replicaId)).toBe('15.8-0+deb12u1');
  });

  it('fails the run at the apply step naming the VM the patch could not be installed on', async () => {
    const run = runContext('acme-broken');
    const { replica } = await prepared(run);

    const failed = await harness.event('patchproof.run.failed.v1', run.runId);
    expect(failed.payload.step).toBe('apply');
    expect(failed.payload.reason).toContain(`VM db1 (${replica.vms[0].vmId})`);
    expect(failed.payload.reason).toContain('simulated apply failure');
    expect(await harness.events('patchproof.patch.applied.v1', run.runId)).toHaveLength(0);
  });

  it('announces a patch that broke a VM as patch.applied with that VM failed and its evidence (so the tests still run), not as run.failed', async () => {
    const run = runContext('acme-badconf');
    const { replica } = await prepared(run);

    const applied = await harness.event('patchproof.patch.applied.v1', run.runId);
    expect(applied.payload.vms).toEqual([expect.objectContaining({
      vmId: replica.vms[0].vmId, status: 'failed', changed: [POSTGRES_CHANGE], restarted: [],
      failure: expect.objectContaining({ kind: 'service-restart', service: 'postgresql', exitCode: 1, reason: expect.stringContaining('postgresql did not come back after its restart') }),
    })]);
    expect(await harness.events('patchproof.run.failed.v1', run.runId)).toHaveLength(0);
    const application = await harness.get<{ status: string; reason: string; vms: Array<{ status: string; failure: { service: string } }> }>(`/applications/${run.runId}`);
    expect(application.body).toMatchObject({ status: 'failed', vms: [{ status: 'failed', failure: { service: 'postgresql' } }] });
    expect(application.body.reason).toBe(`patch failed on VM db1 (${replica.vms[0].vmId}): postgresql did not come back after its restart (exit 1); simulated config check exits 1`);
  });

  it('rolls a passed patch out to the real VMs when the tenant auto-applies', async () => {
    const run = runContext('acme-auto', { autoApply: true });
    await verified(run, 'passed');

    const rollout = await harness.event('patchproof.rollout.completed.v1', run.runId);
    expect(rollout.payload.status).toBe('applied');
    expect(rollout.payload.vms).toEqual([expect.objectContaining({ vmId: 'acme-auto.db1', changed: [POSTGRES_CHANGE], restarted: ['postgresql'] })]);
    expect(await postgresVersion('acme-auto', null)).toBe('15.10-0+deb12u1');
    expect((await harness.get<{ status: string }>(`/rollouts/${run.runId}`)).body).toMatchObject({ status: 'applied', verdict: 'passed' });
  });

  it('leaves the real VMs alone when the verdict is not passed (skipped) or the tenant does not auto-apply (awaiting approval), and records why', async () => {
    const failedRun = runContext('acme-manual', { autoApply: true });
    const manualRun = runContext('acme-manual', { autoApply: false });
    await verified(failedRun, 'failed');
    await verified(manualRun, 'passed');

    for (const [run, expected] of [[failedRun, { status: 'skipped', reason: expect.stringContaining('verdict is failed') }], [manualRun, { status: 'awaiting-approval' }]] as const) {
      const rollout = await expectEventually(async () => {
        const response = await harness.get<{ status: string; reason: string }>(`/rollouts/${run.runId}`);
        expect(response.status).toBe(200);
        return response.body;
      }, { what: `the rollout decision of run ${run.runId}` });
      expect(rollout).toMatchObject(expected);
      expect(await harness.events('patchproof.rollout.completed.v1', run.runId)).toHaveLength(0);
      expect(await harness.cloud.operationCounts(run.runId)).toEqual({});
    }
    expect(await postgresVersion('acme-manual', null)).toBe('15.8-0+deb12u1');
  });
});
