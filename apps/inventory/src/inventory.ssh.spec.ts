import { ReplicaSpec, RunContext } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { createSshdFixture, FileCredentialVault, sshdUnavailableReason, SshdFixture, TestSshd } from '@patchproof/ssh-access';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { InventoryConfig } from './inventory.config';
import { runContext, ServiceHarness } from '@patchproof/service-harness';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`[apps/inventory] SSH provider spec skipped: ${unavailable}`);
const describeWithSshd = unavailable ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${unavailable})`, body) : describe;

describeWithSshd('inventory service on the local provider (real sshd on this host, real PostgreSQL and NATS)', () => {
  const harness = new ServiceHarness('inventory', 'inventory');
  let fixture: SshdFixture;
  let server: TestSshd;
  let vaultDir: string;
  let databaseUrl = '';

  beforeAll(async () => {
    fixture = await createSshdFixture();
    server = await fixture.start();
    vaultDir = await mkdtemp(join(tmpdir(), 'patchproof-inventory-vault-'));
    process.env.PATCHPROOF_SECRET_KEY = randomBytes(32).toString('base64');
    await FileCredentialVault.fromEnvironment(vaultDir).put('acme-local', { username: fixture.username, privateKey: fixture.userPrivateKey });
    await harness.start((env) => {
      databaseUrl = env.DATABASE_URL ?? '';
      const config = loadConfig(InventoryConfig, { ...env, VM_ACCESS_PROVIDERS: 'fake,local', PATCHPROOF_VAULT_DIR: vaultDir, SSH_CONNECT_TIMEOUT_MS: '10000' });
      return bootstrapService({ service: 'inventory', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    });
  });

  afterAll(async () => {
    await harness.close();
    await fixture?.cleanup();
    if (vaultDir) await rm(vaultDir, { recursive: true, force: true });
    delete process.env.PATCHPROOF_SECRET_KEY;
  });

  function localRun(): RunContext {
    const run = runContext('this-host');
    return { ...run, tenant: { ...run.tenant, provider: 'local', credentialsRef: 'acme-local' } };
  }

  it('collects a local VM over SSH and pins its host key in the service\'s own schema', async () => {
    const run = localRun();
    const replica: ReplicaSpec = { replicaId: 'pp-r1', provider: 'local', reused: false, vms: [{ vmId: 'pp-r1.host', name: 'host', address: `127.0.0.1:${server.port}`, osFamily: 'debian' }] };
    await harness.publish('patchproof.environment.replicated.v1', { run, replica });

    const collected = await harness.event('patchproof.inventory.collected.v1', run.runId);
    const [inventory] = collected.payload.inventories;
    expect(inventory.os).toMatchObject({ family: 'debian' });
    expect(inventory.packages.map((item) => item.name)).toEqual(expect.arrayContaining(['libc6', 'openssh-server']));
    expect(inventory.services).toContainEqual({ name: 'sshd', port: server.port });

    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const { rows } = await sql.query('SELECT fingerprint FROM inventory.host_key WHERE vm_id = $1', ['pp-r1.host']);
      expect(rows).toEqual([{ fingerprint: server.hostFingerprint }]);
    } finally {
      await sql.end();
    }
  });

  it('fails the run at inventory naming the VM when the tenant\'s credentials are not in the vault', async () => {
    const run = localRun();
    const tenant = { ...run.tenant, credentialsRef: 'nobody' };
    const replica: ReplicaSpec = { replicaId: 'pp-r2', provider: 'local', reused: false, vms: [{ vmId: 'pp-r2.host', name: 'host', address: `127.0.0.1:${server.port}`, osFamily: 'debian' }] };
    await harness.publish('patchproof.environment.replicated.v1', { run: { ...run, tenant }, replica });

    const failed = await harness.event('patchproof.run.failed.v1', run.runId);
    expect(failed.payload.step).toBe('inventory');
    expect(failed.payload.reason).toContain('VM host (pp-r2.host)');
    expect(failed.payload.reason).toContain('no credentials stored under ref "nobody"');
  });
});
