import { PatchSpec, ReleaseAction, ReplicaRetention, ReplicaSpec, SelectedTest, TestResult, testLabel, VmInventory, VmPatchResult } from '@patchproof/contracts';
import { compareVersions } from '@patchproof/versioning';
import { OperationKey, TestPhase, VmAccessError } from '@patchproof/vm-access';
import { Pool, PoolClient } from 'pg';
import { ensureFakeCloudSchema } from './fake-cloud.schema';
import { FakeEnvironmentSpec, FakeOperation, FakeVmState, PartialFailureOperation, SimulatedFailureError } from './fake-cloud.types';
import { seededFraction } from './seeded-random';
import { simulatePatch } from './simulate-patch';
import { simulateTest } from './simulate-test';

type Stored = { failed: false; value: unknown } | { failed: true; message: string };

/** One call into the simulated cloud. */
interface FakeCall {
  operation: FakeOperation;
  key: OperationKey;
  vmId: string | null;
  /** What the effect does, independent of the key: two executions of one subject for a run and VM are a repeat. */
  subject: string;
  effect: (client: PoolClient) => Promise<unknown>;
  /** Does part of the effect for a simulated half-way failure and says what it did. */
  partialEffect?: (client: PoolClient) => Promise<string>;
}

/**
 * The `fake` provider: a SIMULATED IaaS for scale and failure testing, like a cloud's fake
 * hypervisor driver. Nothing here touches a machine. Every side effect is recorded once per
 * idempotency key in `fake_cloud.operation`; asking again returns the recorded outcome (a replay).
 * `fake_cloud.execution` logs each effect that really ran, so a repeat would be visible.
 */
export class FakeCloud {
  private constructor(private readonly pool: Pool) {}

  static async open(databaseUrl: string, poolSize = 5): Promise<FakeCloud> {
    const pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'fake-cloud' });
    // An idle connection that breaks (database restart) must not end the service; the pool replaces it.
    pool.on('error', () => undefined);
    const client = await pool.connect();
    try {
      await ensureFakeCloudSchema(client);
    } finally {
      client.release();
    }
    return new FakeCloud(pool);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Creates (or replaces) a simulated tenant environment: the tenant's "real" VMs. */
  async createEnvironment(spec: FakeEnvironmentSpec): Promise<FakeVmState[]> {
    return this.transaction(async (client) => {
      await client.query('DELETE FROM fake_cloud.vm WHERE environment_id = $1 AND replica_id IS NULL', [spec.id]);
      await client.query(
        `INSERT INTO fake_cloud.environment (id, spec) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET spec = EXCLUDED.spec`,
        [spec.id, JSON.stringify(spec)],
      );
      const vms = spec.vms.map((vm): FakeVmState => ({
        vmId: `${spec.id}.${vm.name}`,
        environmentId: spec.id,
        replicaId: null,
        name: vm.name,
        os: vm.os,
        packages: vm.packages,
        services: vm.services.map((service) => ({ ...service, running: true, corrupted: false, slowdown: 1 })),
        data: {},
        baselines: {},
      }));
      for (const vm of vms) await this.saveVm(client, vm);
      return vms;
    });
  }

  async environment(id: string): Promise<FakeEnvironmentSpec | undefined> {
    const { rows } = await this.pool.query('SELECT spec FROM fake_cloud.environment WHERE id = $1', [id]);
    return rows[0]?.spec as FakeEnvironmentSpec | undefined;
  }

  async vms(environmentId: string, replicaId: string | null): Promise<FakeVmState[]> {
    const { rows } = await this.pool.query(
      'SELECT state FROM fake_cloud.vm WHERE environment_id = $1 AND replica_id IS NOT DISTINCT FROM $2 ORDER BY vm_id',
      [environmentId, replicaId],
    );
    return rows.map((row) => row.state as FakeVmState);
  }

  /** Copies the environment into a replica (or reuses the retained one), once per run. */
  async replicate(environmentId: string, retention: ReplicaRetention, key: OperationKey): Promise<ReplicaSpec> {
    const spec = await this.requireEnvironment(environmentId);
    // A partial replica is what a cloud leaves when replication fails half-way (storage full): half the VMs.
    const newReplica = async (client: PoolClient, status: 'active' | 'partial') => {
      const replicaId = `fake-${key.runId}`;
      await client.query('INSERT INTO fake_cloud.replica (replica_id, environment_id, run_id, status) VALUES ($1, $2, $3, $4)', [replicaId, environmentId, key.runId, status]);
      const originals = await this.vmsIn(client, environmentId, null);
      const copied = status === 'partial' ? originals.slice(0, Math.floor(originals.length / 2)) : originals;
      const copies = copied.map((vm) => ({ ...vm, vmId: `${replicaId}.${vm.name}`, replicaId, data: {}, baselines: {} }));
      for (const vm of copies) await this.saveVm(client, vm);
      return { replicaId, copies, of: originals.length };
    };
    return (await this.operation(spec, {
      operation: 'replicate', key, vmId: null, subject: `replicate ${environmentId}`,
      effect: async (client) => {
        const retained = retention === 'retain' ? await this.takeRetainedReplica(client, environmentId, key.runId) : undefined;
        if (retained) return this.replicaSpec(retained, true, await this.vmsIn(client, environmentId, retained));
        const { replicaId, copies } = await newReplica(client, 'active');
        return this.replicaSpec(replicaId, false, copies);
      },
      partialEffect: async (client) => {
        const { replicaId, copies, of } = await newReplica(client, 'partial');
        return `created ${copies.length} of ${of} VMs of replica ${replicaId}`;
      },
    })) as ReplicaSpec;
  }

  /** Deletes the replica, or keeps it (or only its volumes) for the next run, per the tenant's policy. */
  async release(environmentId: string, replicaId: string, retention: ReplicaRetention, key: OperationKey): Promise<ReleaseAction> {
    const spec = await this.requireEnvironment(environmentId);
    return (await this.operation(spec, { operation: 'release', key, vmId: null, subject: `release ${replicaId}`, effect: async (client) => {
      const { rows } = await client.query('SELECT status FROM fake_cloud.replica WHERE replica_id = $1', [replicaId]);
      // Only a complete replica is worth keeping; a partial one is always deleted.
      const partial = rows[0]?.status === 'partial';
      if (retention === 'retain' && !partial) {
        await client.query(`UPDATE fake_cloud.replica SET status = 'retained', released_at = now() WHERE replica_id = $1`, [replicaId]);
        return 'retained';
      }
      await client.query('DELETE FROM fake_cloud.vm WHERE replica_id = $1', [replicaId]);
      const action = retention === 'volumes' && !partial ? 'volumes-retained' : 'deleted';
      await client.query('UPDATE fake_cloud.replica SET status = $2, released_at = now() WHERE replica_id = $1', [replicaId, action]);
      return action;
    } })) as ReleaseAction;
  }

  async inventory(environmentId: string, vmId: string, key: OperationKey): Promise<VmInventory> {
    const spec = await this.requireEnvironment(environmentId);
    return (await this.operation(spec, { operation: 'inventory', key, vmId, subject: 'inventory', effect: async (client) => {
      const vm = await this.requireVm(client, vmId);
      return {
        vmId,
        os: vm.os,
        packages: vm.packages,
        services: vm.services.filter((service) => service.running).map((service) => ({ name: service.name, port: service.port })),
      } satisfies VmInventory;
    } })) as VmInventory;
  }

  async applyPatch(environmentId: string, vmId: string, patch: PatchSpec, key: OperationKey): Promise<VmPatchResult> {
    const spec = await this.requireEnvironment(environmentId);
    return (await this.operation(spec, { operation: 'apply', key, vmId, subject: `install ${patch.id}`, effect: async (client) => {
      const vm = await this.requireVm(client, vmId);
      const { state, result } = simulatePatch(vm, patch, spec, compareVersions);
      await this.saveVm(client, state);
      return result;
    } })) as VmPatchResult;
  }

  async runTest(environmentId: string, vmId: string, test: SelectedTest, phase: TestPhase, key: OperationKey): Promise<TestResult> {
    const spec = await this.requireEnvironment(environmentId);
    return (await this.operation(spec, { operation: 'test', key, vmId, subject: `${phase}:${testLabel(test)}`, effect: async (client) => {
      const vm = await this.requireVm(client, vmId);
      const { state, result } = simulateTest(vm, test, phase, spec.seed);
      await this.saveVm(client, state);
      return result;
    } })) as TestResult;
  }

  /** Side effects the simulation really executed for a run, per operation: what "nothing twice" checks count. */
  async operationCounts(runId: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query('SELECT operation, count(*)::int AS n FROM fake_cloud.execution WHERE run_id = $1 GROUP BY operation', [runId]);
    return Object.fromEntries(rows.map((row) => [row.operation, row.n]));
  }

  /** Times callers asked again for an operation already done, answered from the record, per operation (for a run, or all). */
  async replayCounts(runId?: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query(
      `SELECT operation, sum(replays)::int AS n FROM fake_cloud.operation WHERE $1::text IS NULL OR run_id = $1
       GROUP BY operation HAVING sum(replays) > 0`, [runId ?? null]);
    return Object.fromEntries(rows.map((row) => [row.operation, row.n]));
  }

  /** Effects that executed more than once for the same run, VM and subject (should be none). */
  async repeatedExecutions(runId?: string): Promise<Array<{ operation: string; runId: string; vmId: string | null; subject: string; times: number }>> {
    const { rows } = await this.pool.query(
      `SELECT operation, run_id AS "runId", vm_id AS "vmId", subject, count(*)::int AS times FROM fake_cloud.execution
       WHERE $1::text IS NULL OR run_id = $1 GROUP BY operation, run_id, vm_id, subject HAVING count(*) > 1 ORDER BY run_id, operation`,
      [runId ?? null],
    );
    return rows;
  }

  /** The replica a run got (active, partial or retained), if any. */
  async replicaOfRun(runId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query(`SELECT replica_id FROM fake_cloud.replica WHERE run_id = $1 AND status IN ('active', 'partial', 'retained')`, [runId]);
    return rows[0]?.replica_id as string | undefined;
  }

  async activeReplicas(environmentId: string): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT replica_id FROM fake_cloud.replica WHERE environment_id = $1 AND status = 'active'`, [environmentId]);
    return rows.map((row) => row.replica_id as string);
  }

  /**
   * Runs a side effect at most once per key: the key is locked, a recorded outcome is returned as
   * it was (including a simulated failure) and counted as a replay, otherwise latency and failure
   * are simulated and the outcome, the state change and the execution ledger row commit together.
   */
  private async operation(spec: FakeEnvironmentSpec, call: FakeCall): Promise<unknown> {
    const { operation, key, vmId } = call;
    const idempotencyKey = [operation, key.step, key.runId, vmId ?? '-'].join('|');
    // Latency is simulated before the transaction so a slow operation does not hold a connection.
    const latency = spec.latencyMs[operation] ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const stored = await this.transaction(async (client): Promise<Stored> => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [idempotencyKey]);
      const { rows } = await client.query(
        'UPDATE fake_cloud.operation SET replays = replays + 1 WHERE idempotency_key = $1 RETURNING failed, result', [idempotencyKey]);
      if (rows[0]) return rows[0].failed ? { failed: true, message: rows[0].result.message } : { failed: false, value: rows[0].result.value };
      const outcome = await this.simulate(client, spec, call, idempotencyKey);
      await client.query(
        'INSERT INTO fake_cloud.operation (idempotency_key, operation, run_id, vm_id, failed, result) VALUES ($1, $2, $3, $4, $5, $6)',
        [idempotencyKey, operation, key.runId, vmId, outcome.failed, JSON.stringify(outcome.failed ? { message: outcome.message } : { value: outcome.value })],
      );
      await client.query(
        'INSERT INTO fake_cloud.execution (operation, run_id, vm_id, subject, idempotency_key, failed) VALUES ($1, $2, $3, $4, $5, $6)',
        [operation, key.runId, vmId, call.subject, idempotencyKey, outcome.failed],
      );
      return outcome;
    });
    if (stored.failed) throw new SimulatedFailureError(operation, stored.message);
    return stored.value;
  }

  /** Decides, deterministically under the seed, whether the call fails outright, fails half-way, or does its effect. */
  private async simulate(client: PoolClient, spec: FakeEnvironmentSpec, call: FakeCall, idempotencyKey: string): Promise<Stored> {
    const roll = seededFraction(spec.seed, call.operation, idempotencyKey);
    if (roll < (spec.failureRate[call.operation] ?? 0)) return { failed: true, message: `${idempotencyKey} (seed ${spec.seed})` };
    const partialRate = spec.partialFailureRate?.[call.operation as PartialFailureOperation] ?? 0;
    if (call.partialEffect && partialRate > 0 && seededFraction(spec.seed, `partial-${call.operation}`, idempotencyKey) < partialRate) {
      return { failed: true, message: `${await call.partialEffect(client)}, then failed: ${idempotencyKey} (seed ${spec.seed})` };
    }
    return { failed: false, value: await call.effect(client) };
  }

  private async takeRetainedReplica(client: PoolClient, environmentId: string, runId: string): Promise<string | undefined> {
    const { rows } = await client.query(
      `UPDATE fake_cloud.replica SET status = 'active', run_id = $2 WHERE replica_id = (
         SELECT replica_id FROM fake_cloud.replica WHERE environment_id = $1 AND status = 'retained' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING replica_id`,
      [environmentId, runId],
    );
    return rows[0]?.replica_id as string | undefined;
  }

  private replicaSpec(replicaId: string, reused: boolean, vms: FakeVmState[]): ReplicaSpec {
    return { replicaId, provider: 'fake', reused, vms: vms.map((vm) => ({ vmId: vm.vmId, name: vm.name, osFamily: vm.os.family })) };
  }

  private async vmsIn(client: PoolClient, environmentId: string, replicaId: string | null): Promise<FakeVmState[]> {
    const { rows } = await client.query(
      'SELECT state FROM fake_cloud.vm WHERE environment_id = $1 AND replica_id IS NOT DISTINCT FROM $2 ORDER BY vm_id',
      [environmentId, replicaId],
    );
    return rows.map((row) => row.state as FakeVmState);
  }

  private async requireEnvironment(id: string): Promise<FakeEnvironmentSpec> {
    const spec = await this.environment(id);
    if (!spec) throw new VmAccessError(`fake environment "${id}" does not exist (create it with POST /fake/environments on the replicator)`);
    return spec;
  }

  private async requireVm(client: PoolClient, vmId: string): Promise<FakeVmState> {
    const { rows } = await client.query('SELECT state FROM fake_cloud.vm WHERE vm_id = $1 FOR UPDATE', [vmId]);
    if (!rows[0]) throw new VmAccessError(`fake VM "${vmId}" does not exist`, vmId);
    return rows[0].state as FakeVmState;
  }

  private async saveVm(client: PoolClient, vm: FakeVmState): Promise<void> {
    await client.query(
      `INSERT INTO fake_cloud.vm (vm_id, environment_id, replica_id, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (vm_id) DO UPDATE SET state = EXCLUDED.state`,
      [vm.vmId, vm.environmentId, vm.replicaId, JSON.stringify(vm)],
    );
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
