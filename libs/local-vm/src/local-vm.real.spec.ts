import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectEventually } from '@patchproof/testing';
import { serverAddress, LocalVmDriver } from './driver';
import { ensureHostPackages } from './host-packages';
import { reap } from './reaper';
import { Environment, ProcessOwner } from './state';
import { describeIfLocalDriver, logMilestones, hostLinks, hostNetns, mountPointsUnder, processesInNetns, readBanner, sshExec, stillRunning } from './test-support';

// Real namespace VMs: needs root, namespaces and overlayfs (skipped otherwise, saying why). The base
// image is built once into the shared cache (/var/lib/patchproof/images) and reused by later runs.
const describeReal = describeIfLocalDriver('local-vm.real.spec.ts');

const PREFIX = 'ppt';
const STATE_DIR = '/var/lib/patchproof/test/local-vm-real';
const POOL = '198.19.240.0/22';

const TINY = `
heat_template_version: 2018-08-31
description: one VM with only OpenSSH and a data volume
resources:
  net:
    type: PP::Net
  vm:
    type: PP::Server
    properties:
      image: { packages: [] }
      networks: [net]
      volumes: [data]
  data:
    type: PP::Volume
    properties: { size: 1, mount_path: /srv/data }
`;

const timings: Record<string, number> = {};

async function timed<T>(label: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await action();
  } finally {
    timings[label] = (Date.now() - started) / 1000;
  }
}

function vmNetns(environment: Environment): string[] {
  return [...environment.servers, ...environment.routers].map((owner) => owner.netns);
}

function bridgesOf(environment: Environment): string[] {
  return environment.networks.map((net) => net.bridge);
}

describeReal('local driver: namespace VMs, replicas, clean-up', () => {
  let driver: LocalVmDriver;
  let tenant: Environment;
  let privateKey: string;
  const seenNetns = new Set<string>();
  const seenBridges = new Set<string>();
  const seenProcesses: ProcessOwner[] = [];

  const remember = (environment: Environment): void => {
    vmNetns(environment).forEach((name) => seenNetns.add(name));
    bridgesOf(environment).forEach((name) => seenBridges.add(name));
    seenProcesses.push(...processesInNetns(vmNetns(environment)));
  };

  beforeAll(async () => {
    await ensureHostPackages(logMilestones);
    driver = await LocalVmDriver.open({ stateDir: STATE_DIR, prefix: PREFIX, addressPool: POOL, onProgress: logMilestones });
    await timed('image (build or reuse)', () => driver.ensureImages(TINY));
    tenant = await timed('create environment', () => driver.createEnvironment('tiny', TINY));
    privateKey = readFileSync(tenant.ssh.privateKeyPath, 'utf8');
    remember(tenant);
  }, 20 * 60_000);

  afterAll(async () => {
    if (driver) await driver.deleteEnvironment('tiny').catch(() => undefined);
    console.log(`[local-vm] timings (s): ${JSON.stringify(timings)}`);
  }, 5 * 60_000);

  it('runs the VM in its own namespace with sshd answering on its address', async () => {
    const address = serverAddress(tenant, 'vm');
    expect(address).toMatch(/^198\.19\.24[0-3]\.10$/);
    expect(await readBanner(address)).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(hostNetns()).toEqual(expect.arrayContaining(vmNetns(tenant)));
    const hostname = await sshExec(address, privateKey, 'hostname && /usr/local/sbin/pp-service status ssh && findmnt -n -o FSTYPE /srv/data');
    expect(hostname).toEqual({ code: 0, stdout: 'vm\nssh running\next4\n' });
  });

  it('sees only its own processes and mounts inside the VM', async () => {
    const ps = await driver.exec('tiny', 'vm', ['ps', '-e', '-o', 'pid=,comm=']);
    const processes = ps.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
    expect(processes[0]).toEqual(['1', 'tini']);
    expect(processes.map(([, comm]) => comm)).toEqual(expect.arrayContaining(['sshd', 'sleep']));
    const mounts = (await driver.exec('tiny', 'vm', ['cat', '/proc/self/mounts'])).stdout;
    const points = mounts.trim().split('\n').map((line) => line.split(' ')[1]);
    expect(points.sort()).toEqual(['/', '/dev', '/dev/pts', '/dev/shm', '/proc', '/run', '/srv/data', '/sys']);
  });

  it('extracts the template from what is running', async () => {
    const template = await driver.extractTemplate('tiny');
    const net = tenant.networks[0];
    expect(template).toEqual({
      heatTemplateVersion: '2018-08-31',
      description: 'one VM with only OpenSSH and a data volume',
      networks: [{ name: 'net', cidr: net.cidr }],
      routers: [],
      servers: [{ name: 'vm', packages: [], networks: [{ network: 'net', fixedIp: serverAddress(tenant, 'vm') }], volumes: ['data'], services: [] }],
      volumes: [{ name: 'data', sizeBytes: 1024 ** 3, mountPath: '/srv/data' }],
      loadBalancers: [],
    });
  });

  it('replicates copy-on-write: a 1 GiB volume costs what a 10 MiB one does', async () => {
    const fill = (file: string, mebibytes: number): string[] => ['dd', 'if=/dev/zero', `of=/srv/data/${file}`, 'bs=1M', `count=${mebibytes}`, 'status=none'];
    await driver.exec('tiny', 'vm', fill('small', 10));
    const small = await timed('replicate (10 MiB volume)', () => driver.replicate('tiny', 'tiny-small', 'delete'));
    remember(small.environment);
    expect(await driver.releaseReplica('tiny-small')).toBe('deleted');

    await driver.exec('tiny', 'vm', [...fill('big', 1024)]);
    await driver.exec('tiny', 'vm', ['sh', '-c', 'echo original > /srv/data/marker && touch /root/from-original']);
    // Flush the gigabyte first, so the timing compares replication and not the host's write-back.
    await driver.exec('tiny', 'vm', ['sync']);
    const liveUpper = statSync((await driver.getEnvironment('tiny')).volumes[0].upperDir).ino;
    const { environment: replica, reused } = await timed('replicate (1 GiB volume)', () => driver.replicate('tiny', 'tiny-r1', 'delete'));
    remember(replica);
    expect(reused).toBe(false);
    // Frozen, not copied: the original's live upper directory itself became the replica's lower layer.
    expect(statSync(replica.volumes[0].lowerDirs[0]).ino).toBe(liveUpper);
    const seen = await sshExec(serverAddress(replica, 'vm'), privateKey, 'stat -c %s /srv/data/big; cat /srv/data/marker; ls /root');
    expect(seen.stdout).toBe(`${1024 ** 3}\noriginal\nfrom-original\n`);
    // The replica's own layer holds only what the replica changes.
    expect(Number(execFileSync('du', ['-sk', replica.volumes[0].upperDir], { encoding: 'utf8' }).split('\t')[0])).toBeLessThan(1024);
  });

  it('keeps the replica on its own network, isolated, writes on each side invisible to the other', async () => {
    const replica = await driver.getEnvironment('tiny-r1');
    expect(replica.networks[0].cidr).not.toEqual(tenant.networks[0].cidr);
    const replicaAddress = serverAddress(replica, 'vm');
    expect(replicaAddress.split('.')[3]).toBe('10');
    expect(await readBanner(replicaAddress)).toMatch(/^SSH-2\.0-OpenSSH_/);

    await sshExec(replicaAddress, privateKey, 'echo replica > /srv/data/marker && touch /srv/data/replica-only /root/replica-only');
    const original = await driver.exec('tiny', 'vm', ['sh', '-c', 'cat /srv/data/marker; ls /srv/data; ls /root']);
    expect(original.stdout).toBe('original\nbig\nmarker\nsmall\nfrom-original\n');
    await driver.exec('tiny', 'vm', ['touch', '/srv/data/after-snapshot']);
    expect((await driver.exec('tiny-r1', 'vm', ['ls', '/srv/data'])).stdout).toBe('big\nmarker\nreplica-only\nsmall\n');

    // No route between the original and the replica, either way.
    const probe = (target: string): string[] => ['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${target}/22`];
    await expect(driver.exec('tiny-r1', 'vm', probe(serverAddress(tenant, 'vm')))).rejects.toThrow(/exit/);
    await expect(driver.exec('tiny', 'vm', probe(replicaAddress))).rejects.toThrow(/exit/);
    // The original kept serving through the snapshot (its volume now stacks on the frozen layers).
    expect(await readBanner(serverAddress(tenant, 'vm'))).toMatch(/^SSH-2\.0/);

    expect(await driver.releaseReplica('tiny-r1')).toBe('deleted');
    expect(hostNetns()).not.toEqual(expect.arrayContaining(vmNetns(replica)));
    await expect(driver.getEnvironment('tiny-r1')).rejects.toThrow('no environment');
  });

  it('keeps a retained replica whole and hands it back as is', async () => {
    const first = await driver.replicate('tiny', 'tiny-keep', 'retain');
    remember(first.environment);
    await driver.exec('tiny-keep', 'vm', ['touch', '/root/patched']);
    expect(await driver.releaseReplica('tiny-keep')).toBe('retained');
    const second = await timed('replicate (retained, reused)', () => driver.replicate('tiny', 'tiny-keep', 'retain'));
    expect(second.reused).toBe(true);
    expect((await driver.exec('tiny-keep', 'vm', ['ls', '/root'])).stdout).toContain('patched');
    await driver.deleteReplica('tiny-keep');
  });

  it('keeps only the volumes of a `volumes` replica and recreates the rest', async () => {
    const first = await driver.replicate('tiny', 'tiny-vol', 'volumes');
    remember(first.environment);
    await driver.exec('tiny-vol', 'vm', ['sh', '-c', 'touch /srv/data/seeded-by-test /root/root-change']);
    expect(await driver.releaseReplica('tiny-vol')).toBe('volumes-kept');
    const kept = await driver.getEnvironment('tiny-vol');
    expect(kept).toMatchObject({ status: 'volumes-kept', servers: [], networks: [] });
    expect(hostNetns()).not.toEqual(expect.arrayContaining(vmNetns(first.environment)));

    const second = await timed('replicate (volumes kept)', () => driver.replicate('tiny', 'tiny-vol', 'volumes'));
    remember(second.environment);
    expect(second.reused).toBe(false);
    const listing = (await driver.exec('tiny-vol', 'vm', ['sh', '-c', 'ls /srv/data; ls /root'])).stdout.split('\n');
    expect(listing).toContain('seeded-by-test');
    expect(listing).not.toContain('root-change');
    await driver.deleteReplica('tiny-vol');
  });

  it('reaps what a crashed process left behind', async () => {
    // A record whose owner died while creating it, plus a namespace, a bridge, a process and a mount nobody claims.
    const deadDir = join(STATE_DIR, 'envs', 'crashed');
    mkdirSync(deadDir, { recursive: true });
    const dead = { ...tenant, id: 'crashed', dir: deadDir, status: 'creating', owner: { pid: 2 ** 22 + 1, startTicks: '0' }, servers: [], routers: [], networks: [], volumes: [], source: undefined };
    writeFileSync(join(deadDir, 'environment.json'), JSON.stringify(dead));
    execFileSync('ip', ['netns', 'add', `${PREFIX}-deadbeef`]);
    execFileSync('ip', ['link', 'add', `${PREFIX}bdeadbeef`, 'type', 'bridge']);
    const orphan = spawn('ip', ['netns', 'exec', `${PREFIX}-deadbeef`, 'sleep', '600'], { detached: true, stdio: 'ignore' });
    orphan.unref();
    await expectEventually(() => expect(processesInNetns([`${PREFIX}-deadbeef`]).length).toBeGreaterThan(0), { what: 'orphan process' });
    const orphanMount = join(STATE_DIR, 'mnt', `${PREFIX}-deadbeef`);
    mkdirSync(orphanMount, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', orphanMount]);

    const report = await reap({ prefix: PREFIX, stateDir: STATE_DIR });
    expect(report.environments).toEqual(['crashed']);
    expect(report.namespaces).toEqual([`${PREFIX}-deadbeef`]);
    expect(report.links).toEqual([`${PREFIX}bdeadbeef`]);
    expect(report.mounts).toEqual([orphanMount]);
    expect(report.processes).toBeGreaterThan(0);
    expect(hostNetns()).not.toContain(`${PREFIX}-deadbeef`);
    expect(hostLinks()).not.toContain(`${PREFIX}bdeadbeef`);
    // The live tenant was not touched.
    expect(await readBanner(serverAddress(tenant, 'vm'))).toMatch(/^SSH-2\.0/);
  });

  it('deletes every namespace, bridge, mount, process and file', async () => {
    remember(await driver.getEnvironment('tiny'));
    await timed('delete environment', () => driver.deleteEnvironment('tiny'));
    const netns = hostNetns();
    expect(netns.filter((name) => seenNetns.has(name) || name.startsWith(`${PREFIX}-`))).toEqual([]);
    expect(hostLinks().filter((name) => seenBridges.has(name) || name.startsWith(PREFIX))).toEqual([]);
    expect(mountPointsUnder(STATE_DIR)).toEqual([]);
    expect(readFileSync('/proc/mounts', 'utf8')).not.toContain(STATE_DIR);
    expect(seenProcesses.length).toBeGreaterThan(0);
    expect(stillRunning(seenProcesses)).toEqual([]);
    expect(execFileSync('ls', ['-A', join(STATE_DIR, 'envs')], { encoding: 'utf8' })).toBe('');
  });
});
