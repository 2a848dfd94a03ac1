import { ReplicaSpec, RunContext, TenantSpec, VmRef } from '@patchproof/contracts';
import { VmTarget } from './vm-access';

/** How to reach one of the tenant's real VMs (a rollout): no replica id. */
export function realVmTarget(tenant: TenantSpec, vm: VmRef): VmTarget {
  return {
    provider: tenant.provider,
    environmentRef: tenant.environmentRef,
    vmId: vm.vmId,
    name: vm.name,
    address: vm.address,
    osFamily: vm.osFamily,
    credentialsRef: tenant.credentialsRef,
  };
}

/** How to reach one VM of a run's replica. */
export function replicaVmTarget(run: RunContext, replica: ReplicaSpec, vm: VmRef): VmTarget {
  return { ...realVmTarget(run.tenant, vm), replicaId: replica.replicaId };
}
