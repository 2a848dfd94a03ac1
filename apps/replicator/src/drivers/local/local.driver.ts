import { ReleaseAction, ReplicaRetention, ReplicaSpec, TenantSpec } from '@patchproof/contracts';
import { Environment, LocalVmDriver, NotFoundError, ReleaseOutcome } from '@patchproof/local-vm';
import { OperationKey } from '@patchproof/vm-access';
import { ReplicationDriver } from '../replication-driver';
import { claimsOf, ReplicaClaims } from './replica-claims';
import { localReplicaSpec } from './replica-spec';

const RELEASE_ACTIONS: Record<ReleaseOutcome, ReleaseAction> = { deleted: 'deleted', retained: 'retained', 'volumes-kept': 'volumes-retained' };
const DONE_BEFORE: Record<ReplicaRetention, ReleaseAction> = { delete: 'deleted', retain: 'retained', volumes: 'volumes-retained' };

/** The replica a run creates when it reuses none: derived from the run, so a repeated run finds it. */
export function runReplicaId(runId: string): string {
  return `r-${runId.replace(/-/g, '').toLowerCase()}`;
}

/**
 * The `local` driver: the tenant's environment is a namespace-VM environment on this host
 * (`environmentRef` = its id). A replica is deployed from the template extracted from what runs,
 * copy-on-write; retained replicas (and kept volumes) are handed to one run at a time.
 */
export class LocalReplicationDriver implements ReplicationDriver {
  readonly name = 'local';
  readonly simulated = false;
  private readonly claims: ReplicaClaims;

  constructor(private readonly vms: LocalVmDriver) {
    this.claims = claimsOf(vms);
  }

  async replicate(tenant: TenantSpec, key: OperationKey): Promise<ReplicaSpec> {
    const retention = tenant.policy.replicaRetention;
    const replicaId = (await this.claims.ofRun(key.runId))?.replicaId ?? (await this.claimReplica(tenant.environmentRef, retention, key.runId));
    const { environment, reused } = await this.vms.replicate(tenant.environmentRef, replicaId, retention);
    return localReplicaSpec(environment, reused);
  }

  async release(tenant: TenantSpec, replicaId: string | undefined, key: OperationKey): Promise<ReleaseAction> {
    const claim = await this.claims.ofRun(key.runId);
    const target = replicaId ?? claim?.replicaId;
    if (!target) return 'nothing-to-release';
    // No claim of this run on the replica: an earlier delivery released it (and another run may use it now).
    if (claim?.replicaId !== target) return DONE_BEFORE[tenant.policy.replicaRetention];
    const action = replicaId === undefined ? await this.removeLeftovers(target) : await this.releaseReplica(target, tenant.policy.replicaRetention);
    await this.claims.release(target, key.runId);
    return action;
  }

  /** A retained replica (or one with kept volumes) nobody uses, else a new one named after the run. */
  private async claimReplica(environmentId: string, retention: ReplicaRetention, runId: string): Promise<string> {
    for (const kept of await this.keptReplicas(environmentId, retention)) {
      if (await this.claims.claim(kept.id, runId, environmentId)) return kept.id;
    }
    const replicaId = runReplicaId(runId);
    if (!(await this.claims.claim(replicaId, runId, environmentId))) throw new Error(`replica ${replicaId} is claimed by another run`);
    return replicaId;
  }

  private async keptReplicas(environmentId: string, retention: ReplicaRetention): Promise<Environment[]> {
    if (retention === 'delete') return [];
    const wanted = retention === 'retain' ? 'ready' : 'volumes-kept';
    const replicas = (await this.vms.listEnvironments()).filter(
      (record) => record.kind === 'replica' && record.source?.environmentId === environmentId && record.source.retention === retention && record.status === wanted,
    );
    const free: Environment[] = [];
    for (const replica of replicas) if (!(await this.claims.isClaimed(replica.id))) free.push(replica);
    return free;
  }

  private async releaseReplica(replicaId: string, retention: ReplicaRetention): Promise<ReleaseAction> {
    try {
      return RELEASE_ACTIONS[await this.vms.releaseReplica(replicaId)];
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return retention === 'delete' ? 'deleted' : 'nothing-to-release';
    }
  }

  /** After a failed replication: whatever of the replica exists goes, whatever its retention. */
  private async removeLeftovers(replicaId: string): Promise<ReleaseAction> {
    try {
      await this.vms.deleteReplica(replicaId);
      return 'deleted';
    } catch (error) {
      if (error instanceof NotFoundError) return 'nothing-to-release';
      throw error;
    }
  }
}
