import { PatchSpec, ReplicaSpec, RunContext } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { createSshdFixture, FileCredentialVault, JOURNAL_DIR, sshdUnavailableReason, SshdFixture, TestSshd } from '@patchproof/ssh-access';
import { expectEventually } from '@patchproof/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { PatchApplierConfig } from './patch-applier.config';
import { writeLocalEnvironmentRecord } from './testing/local-environment-record';
import { runContext, ServiceHarness } from '@patchproof/service-harness';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`[apps/patch-applier] SSH provider spec skipped: ${unavailable}`);
const describeWithSshd = unavailable ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${unavailable})`, body) : describe;

/** A package no Debian host has: applying it changes nothing, so the host running the spec is left alone. */
const ABSENT_PATCH: PatchSpec = {
  id: 'PP-ABSENT-1', title: 'update of a package this host does not have', severity: 'high', source: 'native', advisoryIds: [],
  packages: [{ ecosystem: 'Debian:12', name: 'pp-absent-package', fixedVersion: '2.0' }], publishedAt: '2026-11-20T10:00:00.000Z',
};

describeWithSshd('patch-applier on the local provider (real sshd on this host, real PostgreSQL and NATS)', () => {
  const harness = new ServiceHarness('patch-applier', 'patch_applier');
  let fixture: SshdFixture;
  let server: TestSshd;
  let work: string;
  /** Operation journals the applier wrote on "the VM", this host: removed afterwards. */
  const journals: string[] = [];

  beforeAll(async () => {
    fixture = await createSshdFixture();
    server = await fixture.start();
    work = await mkdtemp(join(tmpdir(), 'patchproof-applier-'));
    process.env.PATCHPROOF_SECRET_KEY = randomBytes(32).toString('base64');
    await FileCredentialVault.fromEnvironment(join(work, 'vault')).put('acme-local', { username: fixture.username, privateKey: fixture.userPrivateKey });
    await writeLocalEnvironmentRecord(join(work, 'local'), 'this-host', [{ name: 'host', address: `127.0.0.1:${server.port}` }]);
    await harness.start((env) => {
      const config = loadConfig(PatchApplierConfig, {
        ...env, VM_ACCESS_PROVIDERS: 'fake,local', PATCHPROOF_VAULT_DIR: join(work, 'vault'), PATCHPROOF_ARTIFACT_DIR: join(work, 'artifacts'),
        LOCAL_VM_STATE_DIR: join(work, 'local'), SSH_CONNECT_TIMEOUT_MS: '10000',
      });
      return bootstrapService({ service: 'patch-applier', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    });
  });

  afterAll(async () => {
    await harness.close();
    await Promise.all(journals.map((file) => rm(join(JOURNAL_DIR, file), { force: true })));
    await rmdir(JOURNAL_DIR).catch(() => undefined); // only when empty: other journals stay
    await fixture?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
    delete process.env.PATCHPROOF_SECRET_KEY;
  });

  function localRun(patch: PatchSpec, autoApply = false): RunContext {
    const run = runContext('this-host', { autoApply });
    journals.push(`${run.runId}.apply.json`, `${run.runId}.rollout.json`);
    return { ...run, patch, tenant: { ...run.tenant, provider: 'local', credentialsRef: 'acme-local' } };
  }

  const replicaOf = (id: string): ReplicaSpec => ({ replicaId: id, provider: 'local', reused: false, vms: [{ vmId: `${id}.host`, name: 'host', address: `127.0.0.1:${server.port}`, osFamily: 'debian' }] });

  it('applies a patch over SSH and records the commands it ran', async () => {
    const run = localRun(ABSENT_PATCH);
    const replica = replicaOf('pp-a1');
    await harness.publish('patchproof.tests.prepared.v1', { run, replica, preparations: [] });

    const applied = await harness.event('patchproof.patch.applied.v1', run.runId);
    expect(applied.payload.vms).toEqual([expect.objectContaining({ vmId: 'pp-a1.host', changed: [], restarted: [], rebooted: false })]);
    expect(applied.payload.vms[0].log).toContain('pp-absent-package is not installed: nothing to patch');
  });

  it('fails the run at apply when a declared artifact was never uploaded, keeping the VM\'s log beside the reason', async () => {
    const patch = { ...ABSENT_PATCH, id: 'PP-ABSENT-2', artifacts: [{ fileName: 'pp-absent-package_2.0_all.deb', format: 'deb' as const, sha256: 'e'.repeat(64) }] };
    const run = localRun(patch);
    await harness.publish('patchproof.tests.prepared.v1', { run, replica: replicaOf('pp-a2'), preparations: [] });

    const failed = await harness.event('patchproof.run.failed.v1', run.runId);
    expect(failed.payload.step).toBe('apply');
    expect(failed.payload.reason).toContain(`artifact pp-absent-package_2.0_all.deb (sha256 ${'e'.repeat(64)}) not uploaded`);
    const application = await harness.get<{ status: string; vms: Array<{ error: string; log: string }> }>(`/applications/${run.runId}`);
    expect(application.body.status).toBe('failed');
    expect(application.body.vms[0].log).toContain('$ cat /etc/os-release');
  });

  it('rolls a passed patch out to the real VMs the local environment lists', async () => {
    const run = localRun({ ...ABSENT_PATCH, id: 'PP-ABSENT-3' }, true);
    await harness.publish('patchproof.verification.completed.v1', { run, verdict: 'passed', results: [], timings: [], unknownSoftware: [] });

    const rollout = await harness.event('patchproof.rollout.completed.v1', run.runId);
    expect(rollout.payload.status).toBe('applied');
    expect(rollout.payload.vms).toEqual([expect.objectContaining({ vmId: 'this-host.host.00000000', changed: [] })]);
    await expectEventually(async () => {
      expect((await harness.get<{ status: string }>(`/rollouts/${run.runId}`)).body).toMatchObject({ status: 'applied' });
    }, { what: 'the rollout recorded' });
  });
});
