import { ReleaseAction, ReplicaSpec, TenantSpec } from '@patchproof/contracts';
import { FakeCloud } from '@patchproof/fake-cloud';
import { OperationKey } from '@patchproof/vm-access';
import { ReplicationDriver } from './replication-driver';

/** The `fake` driver: replication in the simulated cloud (no machine is touched). */
export class FakeReplicationDriver implements ReplicationDriver {
  readonly name = 'fake';
  readonly simulated = true;

  constructor(private readonly cloud: FakeCloud) {}

  replicate(tenant: TenantSpec, key: OperationKey): Promise<ReplicaSpec> {
    return this.cloud.replicate(tenant.environmentRef, tenant.policy.replicaRetention, key);
  }

  async release(tenant: TenantSpec, replicaId: string | undefined, key: OperationKey): Promise<ReleaseAction> {
    const target = replicaId ?? (await this.cloud.replicaOfRun(key.runId));
    if (!target) return 'nothing-to-release';
    return this.cloud.release(tenant.environmentRef, target, tenant.policy.replicaRetention, key);
  }
}
