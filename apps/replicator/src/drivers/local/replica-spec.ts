import { ReplicaSpec } from '@patchproof/contracts';
import { Environment, environmentVms } from '@patchproof/local-vm';

/** What the pipeline learns of a local replica: its VMs (Debian namespace VMs) and load balancers. */
export function localReplicaSpec(environment: Environment, reused: boolean): ReplicaSpec {
  const vms = environmentVms(environment);
  const loadBalancers = environment.servers.flatMap((server) => {
    const address = vms.find((vm) => vm.name === server.name)?.address;
    return server.loadBalancer && address ? [{ name: server.name, address, port: server.loadBalancer.listener.port }] : [];
  });
  return {
    replicaId: environment.id,
    provider: 'local',
    reused,
    vms: vms.map(({ vmId, name, address }) => ({ vmId, name, address, osFamily: 'debian' as const })),
    ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
  };
}
