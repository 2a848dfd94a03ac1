import { ReleaseAction, ReplicaSpec, TenantSpec } from '@patchproof/contracts';
import { OperationKey } from '@patchproof/vm-access';

/** A provider the replicator can copy tenant environments in and out of. */
export interface ReplicationDriver {
  readonly name: string;
  /** True only for the simulation; reports say so. */
  readonly simulated: boolean;
  /** Replicates the tenant's environment into the platform's own project, once per run. */
  replicate(tenant: TenantSpec, key: OperationKey): Promise<ReplicaSpec>;
  /**
   * Deletes or keeps the run's replica per the tenant's retention policy; with no replica id, removes
   * whatever a failed replication of this run left behind.
   */
  release(tenant: TenantSpec, replicaId: string | undefined, key: OperationKey): Promise<ReleaseAction>;
}

export const REPLICATION_DRIVERS = Symbol('REPLICATION_DRIVERS');
