import { RunContext } from '@patchproof/contracts';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { InventoryConfig } from './inventory.config';
import { debianEnvironment, runContext, ServiceHarness } from '@patchproof/service-harness';

describe('inventory service (real PostgreSQL, real NATS, simulated VMs)', () => {
  const harness = new ServiceHarness('inventory', 'inventory');

  beforeAll(async () => {
    await harness.start((env) => {
      const config = loadConfig(InventoryConfig, env);
      return bootstrapService({ service: 'inventory', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    });
    await harness.cloud.createEnvironment(debianEnvironment('acme-prod'));
    await harness.cloud.createEnvironment(debianEnvironment('acme-down', { failureRate: { inventory: 1 } }));
  });

  afterAll(async () => {
    await harness.close();
  });

  async function replicated(run: RunContext) {
    const replica = await harness.cloud.replicate(run.tenant.environmentRef, 'delete', { runId: run.runId, step: 'replicate' });
    return { replica, published: await harness.publish('patchproof.environment.replicated.v1', { run, replica }) };
  }

  it('collects every replica VM and announces the inventories once, even when the event is redelivered', async () => {
    const run = runContext('acme-prod');
    const { replica, published } = await replicated(run);

    const collected = await harness.event('patchproof.inventory.collected.v1', run.runId);
    expect(collected.causationId).toBe(published.envelope.id);
    expect(collected.payload.replica.replicaId).toBe(replica.replicaId);
    expect(collected.payload.inventories).toHaveLength(1);
    const [inventory] = collected.payload.inventories;
    expect(inventory.vmId).toBe(replica.vms[0].vmId);
    expect(inventory.os).toEqual({ family: 'debian', name: 'Debian GNU/Linux', version: '12' });
    expect(inventory.packages).toContainEqual({ name: 'postgresql-15', version: '15.8-0+deb12u1', arch: 'amd64' });
    expect(inventory.services).toEqual([{ name: 'postgresql', port: 5432 }]);

    const operations = await harness.cloud.operationCounts(run.runId);
    const replays = await harness.cloud.replayCounts(run.runId);
    const again = await harness.publish('patchproof.environment.replicated.v1', { run, replica }, { envelope: published.envelope, dedupe: false });
    await harness.settled('patchproof.environment.replicated.v1', again.seq);
    expect(await harness.events('patchproof.inventory.collected.v1', run.runId)).toHaveLength(1);
    expect(await harness.cloud.operationCounts(run.runId)).toEqual(operations);
    // The inbox answered the redelivery: the handler did not even ask the cloud again.
    expect(await harness.cloud.replayCounts(run.runId)).toEqual(replays);
  });

  it('serves the stored inventory to viewers', async () => {
    const run = runContext('acme-prod');
    const { replica } = await replicated(run);
    await harness.event('patchproof.inventory.collected.v1', run.runId);

    const response = await harness.get<{ runId: string; inventories: Array<{ vmId: string; packages: unknown[] }> }>(`/inventories/${run.runId}`);
    expect(response.status).toBe(200);
    expect(response.body.inventories.map((item) => item.vmId)).toEqual([replica.vms[0].vmId]);
    expect(response.body.inventories[0].packages).toContainEqual({ name: 'postgresql-15', version: '15.8-0+deb12u1', arch: 'amd64' });
    expect((await harness.get(`/inventories/${run.runId}`, null)).status).toBe(401);
    expect((await harness.get('/health', null)).status).toBe(200);
    const openapi = await harness.get<{ paths: Record<string, unknown> }>('/docs/openapi.json', null);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/inventories/{runId}']));
    expect((await harness.get('/inventories/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await harness.get<{ message: string[] }>('/inventories/not-a-run')).body.message).toEqual(['runId: runId must be a UUID']);
  });

  it('fails the run at the inventory step naming the VM that could not be reached', async () => {
    const run = runContext('acme-down');
    const { replica } = await replicated(run);

    const failed = await harness.event('patchproof.run.failed.v1', run.runId);
    expect(failed.payload.step).toBe('inventory');
    expect(failed.payload.reason).toContain(`VM db1 (${replica.vms[0].vmId})`);
    expect(failed.payload.reason).toContain('simulated inventory failure');
    expect(await harness.events('patchproof.inventory.collected.v1', run.runId)).toHaveLength(0);
  });
});
