import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RecordServer {
  name: string;
  address: string;
  role?: 'server' | 'loadbalancer';
}

/**
 * Test support: the on-disk record libs/local-vm keeps per environment (`<stateDir>/envs/<id>/environment.json`,
 * format 1), with only what a rollout reads: kind, status and the servers' addresses.
 */
export async function writeLocalEnvironmentRecord(stateDir: string, id: string, servers: RecordServer[], kind: 'tenant' | 'replica' = 'tenant', status = 'ready'): Promise<void> {
  const dir = join(stateDir, 'envs', id);
  await mkdir(dir, { recursive: true });
  const record = {
    formatVersion: 1, id, kind, status, prefix: 'pp', createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z',
    heatTemplateVersion: '2018-08-31', description: 'spec', dir, ssh: { user: 'root', publicKey: 'ssh-ed25519 AAAA spec', privateKeyPath: join(dir, 'id_ed25519') },
    networks: [{ name: 'net', bridge: 'ppb00000000', cidr: '198.18.0.0/24', hostAddress: '198.18.0.254' }], routers: [], volumes: [],
    servers: servers.map((server, index) => ({
      name: server.name, role: server.role ?? 'server', hostname: server.name, netns: `pp-0000000${index}`, rootMount: '', upperDir: '', workDir: '', lowerDirs: [],
      imageId: 'spec', packages: [], services: [], volumes: [], consoleLog: '',
      nics: [{ network: 'net', ifname: 'eth0', hostVeth: `ppv0000000${index}0`, address: server.address }],
    })),
  };
  await writeFile(join(dir, 'environment.json'), JSON.stringify(record, null, 2));
}
