import { INestApplication } from '@nestjs/common';
import { ReplicaRetention, RunContext } from '@patchproof/contracts';
import { checkLocalDriverSupport, LocalVmDriver, NotFoundError } from '@patchproof/local-vm';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { ServiceHarness } from '@patchproof/service-harness';
import { InMemoryHostKeyStore, SshPool } from '@patchproof/ssh';
import { FileCredentialVault } from '@patchproof/ssh-access';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalReplicationDriver, runReplicaId } from '../drivers/local/local.driver';
import { AppModule } from '../app.module';
import { ReplicatorConfig } from '../replicator.config';
import { LocalEnvironmentView } from './dto/local-environment.dto';

// The replicator with REPLICATOR_DRIVERS=local on real namespace VMs, PostgreSQL and NATS. Needs root
// on Linux; the one base image it uses (no middleware) is built once into the shared cache.
const support = checkLocalDriverSupport();
if (!support.ok) console.warn(`[replicator] local-provider.real.spec.ts skipped: ${support.reason}`);
const describeReal = support.ok ? describe : (name: string, body: () => void) => describe.skip(`${name} (skipped: ${support.reason})`, body);

// A prefix and state directory of this run's own: another copy of the suite may run on the host.
const RUN = Math.random().toString(36).slice(2, 4).padEnd(2, '0');
const PREFIX = `pr${RUN}`;
const STATE_DIR = `/var/lib/patchproof/test/replicator-local-${RUN}`;
const LOCAL_ENV = { LOCAL_VM_STATE_DIR: STATE_DIR, LOCAL_VM_PREFIX: PREFIX, LOCAL_VM_ADDRESS_POOL: '198.18.224.0/20' };

const TINY = `heat_template_version: 2018-08-31
description: one VM with a data volume
resources:
  net: { type: PP::Net }
  data: { type: PP::Volume, properties: { size: 512M, mount_path: /srv/data } }
  vm:
    type: PP::Server
    properties:
      image: { packages: [] }
      networks: [{ network: net }]
      volumes: [data]
`;

const PATCH = { id: 'SPEC-1', title: 'spec patch', severity: 'high' as const, source: 'native' as const, advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '9' }], publishedAt: '2026-01-01T00:00:00.000Z' };

function runOf(environmentRef: string, replicaRetention: ReplicaRetention = 'delete'): RunContext {
  return {
    runId: randomUUID(),
    patch: PATCH,
    tenant: { id: 'spec', name: 'spec', provider: 'local', environmentRef, credentialsRef: `local-${environmentRef}`, policy: { minSeverity: 'low', autoApply: false, replicaRetention } },
  };
}

function netnsList(): string[] {
  const out = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  return out ? (JSON.parse(out) as Array<{ name: string }>).map((entry) => entry.name).filter((name) => name.startsWith(`${PREFIX}-`)) : [];
}

function mountsUnderState(): string[] {
  return execFileSync('cat', ['/proc/self/mountinfo'], { encoding: 'utf8' }).split('\n').map((line) => line.split(' ')[4] ?? '').filter((point) => point.startsWith(STATE_DIR));
}

describeReal('replicator with the local driver (namespace VMs)', () => {
  const harness = new ServiceHarness('replicator', 'replicator');
  const viewerKey = randomBytes(18).toString('base64url');
  const vaultDir = mkdtempSync(join(tmpdir(), 'pp-replicator-vault-'));
  let baseUrl = '';

  const http = async <T>(method: string, path: string, body?: unknown, key: string = harness.apiKey): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  // A second handle on the same state, as a restarted replicator would have (no reap here).
  const vms = new LocalVmDriver({ stateDir: STATE_DIR, prefix: PREFIX, addressPool: LOCAL_ENV.LOCAL_VM_ADDRESS_POOL });
  let environment: LocalEnvironmentView;

  beforeAll(async () => {
    // The auth module and the vault read these from the process environment.
    Object.assign(process.env, {
      PATCHPROOF_API_KEYS: JSON.stringify([{ name: 'spec-viewer', role: 'viewer', key: viewerKey }]),
      PATCHPROOF_VAULT_DIR: vaultDir,
      PATCHPROOF_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    await harness.start(async (env) => {
      const config = loadConfig(ReplicatorConfig, { ...env, ...LOCAL_ENV, REPLICATOR_DRIVERS: 'local' });
      const app: INestApplication = await bootstrapService({ service: 'replicator', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
      baseUrl = await app.getUrl();
      return app;
    });
    const created = await http<LocalEnvironmentView>('POST', '/local/environments', { id: 'spec-env', template: TINY });
    expect(created.status).toBe(201);
    environment = created.body;
  }, 15 * 60_000);

  afterAll(async () => {
    await http('DELETE', '/local/environments/spec-env').catch(() => undefined);
    await harness.close();
    expect(netnsList()).toEqual([]);
    expect(mountsUnderState()).toEqual([]);
    rmSync(STATE_DIR, { recursive: true, force: true });
  }, 120_000);

  it('creates the actual environment, stores its SSH login in the vault (0600, encrypted) and logs in with it', async () => {
    expect(environment).toMatchObject({ id: 'spec-env', credentialsRef: 'local-spec-env', vms: [{ name: 'vm', role: 'server', address: expect.stringMatching(/^198\.18\.2(2[4-9]|3[0-9])\./) }] });
    const files = readdirSync(vaultDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(vaultDir, files[0])).mode & 0o777).toBe(0o600);
    const credentials = await FileCredentialVault.fromEnvironment(vaultDir).get('local-spec-env');
    expect(credentials.username).toBe('root');
    // The driver's plaintext copy of the key is gone once the vault holds it.
    const record = JSON.parse(readFileSync(join(STATE_DIR, 'envs', 'spec-env', 'environment.json'), 'utf8')) as { ssh: { privateKeyPath: string } };
    expect(existsSync(record.ssh.privateKeyPath)).toBe(false);
    const pool = new SshPool({ hostKeys: new InMemoryHostKeyStore() });
    try {
      const target = { vmId: environment.vms[0].vmId, host: environment.vms[0].address, credentials: { username: 'root', privateKey: credentials.privateKey ?? '' } };
      expect((await pool.exec(target, ['hostname'], { timeoutMs: 15_000 })).stdout.trim()).toBe('vm');
    } finally {
      await pool.closeAll();
    }
  });

  it('lists each VM\'s installed packages, refuses duplicates, bad templates and viewers writing', async () => {
    const got = await http<LocalEnvironmentView>('GET', '/local/environments/spec-env', undefined, viewerKey);
    expect(got.status).toBe(200);
    expect(got.body.vms[0].packages).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'openssh-server', version: expect.any(String) })]));
    expect((await http('POST', '/local/environments', { id: 'spec-env', template: TINY })).status).toBe(409);
    const bad = await http<{ message: string[] }>('POST', '/local/environments', { id: 'spec-bad', template: TINY.replace('network: net', 'network: nowhere') });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join('\n')).toMatch(/resources\.vm\.properties\.networks\[0\].*nowhere/);
    expect((await http('POST', '/local/environments', { id: 'spec-x', template: 'pattern-a' }, viewerKey)).status).toBe(403);
    expect((await http('GET', '/local/environments/no-such-env')).status).toBe(404);
  });

  it('replicates for a run into its own subnets, finds the same replica when the run repeats, and deletes it at release', async () => {
    const run = runOf('spec-env');
    await harness.publish('patchproof.run.requested.v1', { run, requestedAt: new Date().toISOString() });
    const { payload } = await harness.event('patchproof.environment.replicated.v1', run.runId);
    expect(payload.replica).toMatchObject({ replicaId: runReplicaId(run.runId), provider: 'local', reused: false, vms: [{ name: 'vm', osFamily: 'debian' }] });
    const [replicaVm] = payload.replica.vms;
    expect(replicaVm.address).not.toBe(environment.vms[0].address);
    expect(replicaVm.vmId).not.toBe(environment.vms[0].vmId);

    const again = await new LocalReplicationDriver(vms).replicate(run.tenant, { runId: run.runId, step: 'replicate' });
    expect(again).toMatchObject({ replicaId: payload.replica.replicaId, reused: true, vms: [{ vmId: replicaVm.vmId }] });

    await harness.publish('patchproof.verification.completed.v1', { run, replica: payload.replica, verdict: 'passed', results: [], timings: [], unknownSoftware: [] });
    const released = await harness.event('patchproof.replica.released.v1', run.runId);
    expect(released.payload).toMatchObject({ replicaId: payload.replica.replicaId, action: 'deleted' });
    await expect(vms.getEnvironment(payload.replica.replicaId)).rejects.toBeInstanceOf(NotFoundError);
  }, 180_000);

  it('reports a failed replication and releases nothing', async () => {
    const run = runOf('no-such-env');
    await harness.publish('patchproof.run.requested.v1', { run, requestedAt: new Date().toISOString() });
    const failed = await harness.event('patchproof.run.failed.v1', run.runId);
    expect(failed.payload).toMatchObject({ step: 'replicate', reason: expect.stringMatching(/no-such-env/) });
    await harness.publish('patchproof.verification.completed.v1', { run, verdict: 'error', failure: { step: 'replicate', reason: 'x' }, results: [], timings: [], unknownSoftware: [] });
    expect((await harness.event('patchproof.replica.released.v1', run.runId)).payload.action).toBe('nothing-to-release');
  }, 120_000);

  it('retain: hands the kept replica to the next run, a second run at the same time gets its own, and DELETE removes them all', async () => {
    const driver = new LocalReplicationDriver(vms);
    const [first, second, third] = [runOf('spec-env', 'retain'), runOf('spec-env', 'retain'), runOf('spec-env', 'retain')];
    const key = (run: RunContext) => ({ runId: run.runId, step: 'replicate' });
    const kept = await driver.replicate(first.tenant, key(first));
    expect(await driver.release(first.tenant, kept.replicaId, key(first))).toBe('retained');
    const [reused, parallel] = await Promise.all([driver.replicate(second.tenant, key(second)), driver.replicate(third.tenant, key(third))]);
    const byReuse = [reused, parallel].sort((a, b) => Number(b.reused) - Number(a.reused));
    expect(byReuse.map((replica) => [replica.replicaId === kept.replicaId, replica.reused])).toEqual([[true, true], [false, false]]);
    // A release delivered twice changes nothing the second time (the replica may be another run's by then).
    expect(await driver.release(first.tenant, kept.replicaId, key(first))).toBe('retained');

    expect((await http('DELETE', '/local/environments/spec-env')).status).toBe(204);
    for (const replica of [reused, parallel]) await expect(vms.getEnvironment(replica.replicaId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await http('GET', '/local/environments/spec-env')).status).toBe(404);
    expect(netnsList()).toEqual([]);
    expect(readdirSync(join(STATE_DIR, 'claims'))).toEqual([]);
  }, 300_000);

  it('reaps what a crash left (POST /local/reap, operators only)', async () => {
    execFileSync('ip', ['netns', 'add', `${PREFIX}-0badc0de`]);
    expect((await http('POST', '/local/reap', undefined, viewerKey)).status).toBe(403);
    const reaped = await http<{ namespaces: string[] }>('POST', '/local/reap');
    expect(reaped.status).toBe(200);
    expect(reaped.body.namespaces).toEqual([`${PREFIX}-0badc0de`]);
    expect(netnsList()).toEqual([]);
  });
});
