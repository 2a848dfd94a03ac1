import { randomUUID } from 'node:crypto';
import { PatchSpec } from '@patchproof/contracts';
import { createTestDatabase, TestDatabase } from '@patchproof/testing';
import { Pool } from 'pg';
import { FakeCloud } from './fake-cloud';
import { FakeEnvironmentSpec, SimulatedFailureError } from './fake-cloud.types';

const DEBIAN = { family: 'debian' as const, name: 'Debian GNU/Linux', version: '12' };

function environment(id: string, overrides: Partial<FakeEnvironmentSpec> = {}): FakeEnvironmentSpec {
  const vm = (name: string) => ({
    name, os: DEBIAN, packages: [{ name: 'nginx', version: '1.22.1-9' }], services: [{ name: 'nginx', port: 80, packages: ['nginx'] }],
  });
  return { id, seed: 3, ecosystem: 'Debian:12', vms: [vm('web1'), vm('web2'), vm('web3'), vm('web4')], latencyMs: {}, failureRate: {}, faults: [], ...overrides };
}

const PATCH: PatchSpec = {
  id: 'DSA-1-1', title: 'nginx update', severity: 'high', source: 'native', advisoryIds: [], publishedAt: '2026-12-01T00:00:00.000Z',
  packages: [{ ecosystem: 'Debian:12', name: 'nginx', fixedVersion: '1.22.1-10' }],
};

describe('FakeCloud (real PostgreSQL)', () => {
  let database: TestDatabase;
  let cloud: FakeCloud;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('pp_fake_cloud');
    cloud = await FakeCloud.open(database.url);
    pool = new Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await cloud?.close();
    await database?.drop();
  });

  it('executes an effect once per key; asking again (even concurrently) replays the recorded outcome', async () => {
    await cloud.createEnvironment(environment('once'));
    const key = { runId: randomUUID(), step: 'replicate' };
    const replicas = await Promise.all([1, 2, 3].map(() => cloud.replicate('once', 'delete', key)));
    expect(new Set(replicas.map((replica) => replica.replicaId)).size).toBe(1);
    const vm = replicas[0].vms[0].vmId;
    const applyKey = { runId: key.runId, step: 'apply' };
    await cloud.applyPatch('once', vm, PATCH, applyKey);
    await cloud.applyPatch('once', vm, PATCH, applyKey);

    expect(await cloud.operationCounts(key.runId)).toEqual({ replicate: 1, apply: 1 });
    expect(await cloud.replayCounts(key.runId)).toEqual({ replicate: 2, apply: 1 });
    expect(await cloud.repeatedExecutions(key.runId)).toEqual([]);
  });

  it('shows an effect executed twice when a caller asks under a second key for the same work', async () => {
    await cloud.createEnvironment(environment('twice'));
    const runId = randomUUID();
    const replica = await cloud.replicate('twice', 'delete', { runId, step: 'replicate' });
    const vm = replica.vms[0].vmId;
    // A caller whose key is not stable across attempts, e.g. one that put the delivery count in it.
    await cloud.applyPatch('twice', vm, PATCH, { runId, step: 'apply#1' });
    await cloud.applyPatch('twice', vm, PATCH, { runId, step: 'apply#2' });

    expect(await cloud.repeatedExecutions(runId)).toEqual([{ operation: 'apply', runId, vmId: vm, subject: `install ${PATCH.id}`, times: 2 }]);
  });

  it('fails a replication half-way under partialFailureRate, and releasing the run deletes what was created', async () => {
    await cloud.createEnvironment(environment('half', { partialFailureRate: { replicate: 1 } }));
    const runId = randomUUID();
    const failure = await cloud.replicate('half', 'retain', { runId, step: 'replicate' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimulatedFailureError);
    expect((failure as Error).message).toMatch(/^simulated replicate failure: created 2 of 4 VMs of replica fake-/);

    const replicaId = await cloud.replicaOfRun(runId);
    expect(replicaId).toBeDefined();
    expect((await cloud.vms('half', replicaId!)).map((vm) => vm.name)).toEqual(['web1', 'web2']);
    // The same call again replays the failure; it does not create more.
    await expect(cloud.replicate('half', 'retain', { runId, step: 'replicate' })).rejects.toThrow(/created 2 of 4 VMs/);

    // A partial replica is never kept, whatever the retention policy says.
    expect(await cloud.release('half', replicaId!, 'retain', { runId, step: 'release' })).toBe('deleted');
    expect(await cloud.vms('half', replicaId!)).toEqual([]);
    const { rows } = await pool.query('SELECT status FROM fake_cloud.replica WHERE replica_id = $1', [replicaId]);
    expect(rows).toEqual([{ status: 'deleted' }]);
    expect(await cloud.operationCounts(runId)).toEqual({ replicate: 1, release: 1 });
  });

  it('fails outright under failureRate without creating anything', async () => {
    await cloud.createEnvironment(environment('none', { failureRate: { replicate: 1 } }));
    const runId = randomUUID();
    await expect(cloud.replicate('none', 'delete', { runId, step: 'replicate' })).rejects.toBeInstanceOf(SimulatedFailureError);
    expect(await cloud.replicaOfRun(runId)).toBeUndefined();
  });
});
