/** Providers this service can reach VMs through: the simulation, and `local` (namespace VMs) over SSH. */
export const AVAILABLE_PROVIDERS: readonly string[] = ['fake', 'local'];

/** Providers whose VMs have addresses and are reached over SSH (SshVmAccess); `openstack` joins them here. */
export const SSH_PROVIDERS: readonly string[] = ['local'];

/** The names in VM_ACCESS_PROVIDERS; an unknown one stops the service at boot instead of failing runs later. */
export function configuredProviders(list: string): string[] {
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !AVAILABLE_PROVIDERS.includes(name));
  if (unknown !== undefined) {
    throw new Error(`VM_ACCESS_PROVIDERS: unknown provider "${unknown}" (available: ${AVAILABLE_PROVIDERS.join(', ')})`);
  }
  return names;
}

export function usesSsh(list: string): boolean {
  return configuredProviders(list).some((name) => SSH_PROVIDERS.includes(name));
}
