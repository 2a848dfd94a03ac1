import { LocalVmDriver } from '@patchproof/local-vm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantSpec } from '@patchproof/contracts';
import { writeLocalEnvironmentRecord } from '../testing/local-environment-record';
import { LocalRolloutTargets } from './local-rollout-targets';

const tenant = (environmentRef: string): TenantSpec => ({
  id: 'acme', name: 'Acme', provider: 'local', environmentRef, credentialsRef: 'acme', policy: { minSeverity: 'low', autoApply: true, replicaRetention: 'delete' },
});

describe('LocalRolloutTargets (records of libs/local-vm)', () => {
  let stateDir: string;
  let targets: LocalRolloutTargets;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'patchproof-local-state-'));
    targets = new LocalRolloutTargets(new LocalVmDriver({ stateDir }));
    await writeLocalEnvironmentRecord(stateDir, 'acme-prod', [{ name: 'web1', address: '198.18.0.10' }, { name: 'lb', address: '198.18.0.11', role: 'loadbalancer' }]);
    await writeLocalEnvironmentRecord(stateDir, 'acme-replica', [{ name: 'web1', address: '198.18.1.10' }], 'replica');
    await writeLocalEnvironmentRecord(stateDir, 'acme-new', [{ name: 'web1', address: '198.18.2.10' }], 'tenant', 'creating');
  });

  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('lists every VM of the tenant\'s environment with its address', async () => {
    expect(await targets.list(tenant('acme-prod'))).toEqual([
      { vmId: 'acme-prod.web1.00000000', name: 'web1', address: '198.18.0.10', osFamily: 'debian' },
      { vmId: 'acme-prod.lb.00000001', name: 'lb', address: '198.18.0.11', osFamily: 'debian' },
    ]);
  });

  it('refuses a replica, an environment not ready, and one that does not exist', async () => {
    await expect(targets.list(tenant('acme-replica'))).rejects.toThrow('environment acme-replica is a replica, not a tenant\'s real environment');
    await expect(targets.list(tenant('acme-new'))).rejects.toThrow('environment acme-new is creating, not ready');
    await expect(targets.list(tenant('acme-gone'))).rejects.toThrow(/no environment 'acme-gone'/);
  });
});
