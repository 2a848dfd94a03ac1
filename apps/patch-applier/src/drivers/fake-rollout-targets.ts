import { TenantSpec, VmRef } from '@patchproof/contracts';
import { FakeCloud } from '@patchproof/fake-cloud';
import { RolloutTargets } from './rollout-targets';

/** The `fake` provider's real VMs: the simulated environment's VMs outside any replica. */
export class FakeRolloutTargets implements RolloutTargets {
  constructor(private readonly cloud: FakeCloud) {}

  async list(tenant: TenantSpec): Promise<VmRef[]> {
    const vms = await this.cloud.vms(tenant.environmentRef, null);
    return vms.map((vm) => ({ vmId: vm.vmId, name: vm.name, osFamily: vm.os.family }));
  }
}
