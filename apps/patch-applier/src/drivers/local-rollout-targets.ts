import { TenantSpec, VmRef } from '@patchproof/contracts';
import { Environment, environmentVms, LocalVmDriver } from '@patchproof/local-vm';
import { RolloutTargets } from './rollout-targets';

/**
 * The `local` provider's real VMs: the servers and load balancers of the tenant environment named
 * by `environmentRef`, read from libs/local-vm's records (nothing runs on the host). VM ids are
 * local-vm's (`<environment>.<server>.<netns id>`), so a recreated VM gets a new host-key pin.
 */
export class LocalRolloutTargets implements RolloutTargets {
  constructor(private readonly driver: Pick<LocalVmDriver, 'getEnvironment'>) {}

  async list(tenant: TenantSpec): Promise<VmRef[]> {
    const environment = await this.driver.getEnvironment(tenant.environmentRef);
    assertRealAndReady(environment);
    // local VMs are built from Debian base images (libs/local-vm base-image.ts).
    return environmentVms(environment).map(({ vmId, name, address }) => ({ vmId, name, address, osFamily: 'debian' }));
  }
}

function assertRealAndReady(environment: Environment): void {
  if (environment.kind !== 'tenant') throw new Error(`environment ${environment.id} is a replica, not a tenant's real environment`);
  if (environment.status !== 'ready') throw new Error(`environment ${environment.id} is ${environment.status}, not ready`);
}
