import { TenantSpec, VmRef } from '@patchproof/contracts';

/**
 * Finds the tenant's real VMs (not a replica's), which a rollout patches. Replicas arrive described
 * in events; the real environment does not, so each provider must ask its own cloud.
 */
export interface RolloutTargets {
  list(tenant: TenantSpec): Promise<VmRef[]>;
}
