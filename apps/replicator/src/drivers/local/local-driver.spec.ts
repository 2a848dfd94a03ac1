import { Environment } from '@patchproof/local-vm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplicatorConfig } from '../../replicator.config';
import { runReplicaId } from './local.driver';
import { openLocalVm } from './open-local-vm';
import { ReplicaClaims } from './replica-claims';
import { localReplicaSpec } from './replica-spec';

describe('local driver (no VMs needed)', () => {
  it('refuses to start on a host that cannot run namespace VMs, saying why and that there is no fallback', async () => {
    await expect(openLocalVm(new ReplicatorConfig(), { ok: false, reason: 'not running as root (uid 1000)' })).rejects.toThrow(
      /REPLICATOR_DRIVERS includes "local", but this host cannot run namespace VMs: not running as root \(uid 1000\)\..*no fallback/,
    );
  });

  it('names a run\'s own replica after the run, as a valid environment id', () => {
    const id = runReplicaId('0B6F4C1E-2D3A-4E5F-8A9B-0C1D2E3F4A5B');
    expect(id).toBe('r-0b6f4c1e2d3a4e5f8a9b0c1d2e3f4a5b');
    expect(id).toMatch(/^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/);
  });

  it('describes VMs with unique ids and load balancers with their listener port', () => {
    const nic = (address: string) => [{ network: 'web', ifname: 'eth0', hostVeth: 'x', address }];
    const environment = {
      id: 'r-1',
      servers: [
        { name: 'web1', role: 'server', netns: 'pp-0000000a', nics: nic('198.18.5.10') },
        { name: 'lb', role: 'loadbalancer', netns: 'pp-0000000b', nics: nic('198.18.5.12'), loadBalancer: { listener: { port: 8080, protocol: 'http' } } },
      ],
    } as unknown as Environment;
    expect(localReplicaSpec(environment, true)).toEqual({
      replicaId: 'r-1',
      provider: 'local',
      reused: true,
      vms: [
        { vmId: 'r-1.web1.0000000a', name: 'web1', address: '198.18.5.10', osFamily: 'debian' },
        { vmId: 'r-1.lb.0000000b', name: 'lb', address: '198.18.5.12', osFamily: 'debian' },
      ],
      loadBalancers: [{ name: 'lb', address: '198.18.5.12', port: 8080 }],
    });
  });

  it('hands a replica to one run at a time, finds it again by run, and frees it only for its holder', async () => {
    const claims = new ReplicaClaims(join(mkdtempSync(join(tmpdir(), 'pp-claims-')), 'claims'));
    expect(await claims.claim('r-a', 'run-1', 'env')).toBe(true);
    expect(await claims.claim('r-a', 'run-1', 'env')).toBe(true);
    expect(await claims.claim('r-a', 'run-2', 'env')).toBe(false);
    expect((await claims.ofRun('run-1'))?.replicaId).toBe('r-a');
    await claims.release('r-a', 'run-2');
    expect(await claims.isClaimed('r-a')).toBe(true);
    await claims.release('r-a', 'run-1');
    expect(await claims.isClaimed('r-a')).toBe(false);
    expect(await claims.claim('r-a', 'run-2', 'env')).toBe(true);
  });
});
