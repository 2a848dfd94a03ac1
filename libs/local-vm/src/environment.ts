import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSshKeyPair } from '@patchproof/ssh';
import { Cidr, parseCidr } from './address';
import { BaseImage, ensureBaseImage } from './base-image';
import type { LocalVmConfig } from './config';
import { run } from './exec';
import { LocalVmError } from './errors';
import { HOST_ENV, resolveOwner } from './guest';
import { assertNoSymlinks, ensureSharedMountRoot, isMountPoint, isUnder, mountsUnder, releaseSharedMountRoot } from './mounts';
import { ENVIRONMENT_ID_RE, assertMatches } from './names';
import { createBridge, createNetns, deleteLink, deleteNetns, enableForwarding, hostRouteCidrs } from './net';
import { RootLayers, chooseSubnets, planEnvironment } from './plan';
import {
  EnvironmentRecord,
  ServerRecord,
  VolumeRecord,
  currentOwner,
  environmentDir,
  findRecord,
  listRecords,
  withStateLock,
  writeRecord,
} from './state';
import { assertLocalDriverSupported } from './support';
import { Template, checkTemplate, parseTemplate } from './template';
import { attachNics, bootServer, installGuestFiles, mountServerRoot, mountServerVolumes, setupServerNetwork, stopServer, unmountServer } from './vm';

export function mountRoot(config: Pick<LocalVmConfig, 'stateDir'>): string {
  return join(config.stateDir, 'mnt');
}

/** Creates a tenant environment from a template (YAML text or a Template object). */
export async function createEnvironment(config: LocalVmConfig, id: string, input: Template | string): Promise<EnvironmentRecord> {
  await assertLocalDriverSupported();
  assertMatches(ENVIRONMENT_ID_RE, id, 'environment id');
  const template = typeof input === 'string' ? parseTemplate(input) : checkTemplate(input);
  const images = await ensureImagesFor(config, template);
  const keys = generateSshKeyPair(`patchproof-${id}`);
  const record = await reserveEnvironment(config, id, (taken) => {
    const cidrs = chooseSubnets(template, parseCidr(config.addressPool), config.subnetPrefixLength, taken, true);
    const privateKeyPath = join(environmentDir(config.stateDir, id), 'ssh', 'id_ed25519');
    const rootOf = (name: string): RootLayers => {
      const image = images.get(name);
      if (!image) throw new LocalVmError(`no base image for ${name}`);
      return { imageId: image.id, lowerDirs: [image.rootfs] };
    };
    const ssh = { user: 'root' as const, publicKey: keys.public, privateKeyPath };
    return planEnvironment({ id, kind: 'tenant', stateDir: config.stateDir, prefix: config.prefix, template, cidrs, rootOf, ssh });
  });
  return completeOrDestroy(config, record, async () => {
    await mkdir(join(record.dir, 'ssh'), { recursive: true, mode: 0o700 });
    await writeFile(record.ssh.privateKeyPath, keys.private, { mode: 0o600 });
    await buildEnvironment(config, record, { seedVolumes: true });
  });
}

/**
 * Under the state lock: checks the id is free, plans the record against the subnets in use and
 * writes it (status `creating`, owned by this process) before any host object exists.
 */
export async function reserveEnvironment(
  config: LocalVmConfig,
  id: string,
  plan: (takenSubnets: Cidr[]) => EnvironmentRecord,
  existing?: EnvironmentRecord,
): Promise<EnvironmentRecord> {
  return withStateLock(config.stateDir, async () => {
    const found = await findRecord(config.stateDir, id);
    if (found && found.updatedAt !== existing?.updatedAt) throw new LocalVmError(`environment '${id}' already exists`);
    const records = (await listRecords(config.stateDir)).filter((record) => record.id !== id);
    const taken = [...records.flatMap((record) => record.networks.map((net) => parseCidr(net.cidr))), ...(await hostRouteCidrs())];
    const record = plan(taken);
    record.owner = currentOwner();
    await ensureSharedMountRoot(mountRoot(config));
    await writeRecord(record);
    return record;
  });
}

/** Runs `build`; on success marks the record ready, on failure removes everything it created. */
export async function completeOrDestroy(config: LocalVmConfig, record: EnvironmentRecord, build: () => Promise<void>): Promise<EnvironmentRecord> {
  try {
    await build();
    record.status = 'ready';
    delete record.owner;
    await writeRecord(record);
    return record;
  } catch (error) {
    await destroyEnvironment(config, record, false).catch((cleanup: Error) => config.onProgress(`${record.id}: clean-up failed: ${cleanup.message}`));
    throw error;
  }
}

/** The base image of every server and load balancer (built once per distinct package set). */
export async function ensureImagesFor(config: LocalVmConfig, template: Template): Promise<Map<string, BaseImage>> {
  const images = new Map<string, BaseImage>();
  const wanted = [
    ...template.servers.map((server) => ({ name: server.name, packages: server.packages })),
    ...template.loadBalancers.map((lb) => ({ name: lb.name, packages: ['haproxy'] })),
  ];
  const options = { imagesDir: config.imagesDir, suite: config.suite, aptSources: config.aptSources, onProgress: config.onProgress };
  for (const { name, packages } of wanted) images.set(name, (await ensureBaseImage(packages, options)).image);
  return images;
}

/** Creates bridges, routers and VMs of a planned record, then boots every VM. */
export async function buildEnvironment(config: LocalVmConfig, record: EnvironmentRecord, options: { seedVolumes: boolean }): Promise<void> {
  const progress = (message: string): void => config.onProgress(`${record.id}: ${message}`);
  for (const net of record.networks) await createBridge(net.bridge, net.hostAddress, parseCidr(net.cidr).prefixLength);
  for (const router of record.routers) {
    await createNetns(router.netns);
    await attachNics(record, router.netns, router.nics);
    await enableForwarding(router.netns);
  }
  for (const server of record.servers) {
    progress(`preparing ${server.name}`);
    await mountServerRoot(server);
    for (const volume of record.volumes.filter((candidate) => candidate.server === server.name)) {
      await (options.seedVolumes ? seedVolume(server, volume) : prepareLayeredVolume(volume));
    }
    await installGuestFiles(record, server);
    await mountServerVolumes(record, server);
    await setupServerNetwork(record, server);
  }
  // Load balancers boot last: their first health checks must find the members already serving.
  for (const role of ['server', 'loadbalancer'] as const) {
    const servers = record.servers.filter((server) => server.role === role);
    if (servers.length > 0) progress(`booting ${servers.map((server) => server.name).join(', ')}`);
    await Promise.all(servers.map((server) => bootServer(server, config.bootTimeoutMs)));
  }
}

/** A new volume starts with what the image has at its mount path (like a Docker volume), owned as asked. */
async function seedVolume(server: ServerRecord, volume: VolumeRecord): Promise<void> {
  await mkdir(volume.upperDir, { recursive: true });
  await mkdir(volume.workDir, { recursive: true });
  const source = join(server.rootMount, volume.mountPath);
  if (existsSync(source)) {
    await assertNoSymlinks(source);
    await run('cp', ['-a', '--reflink=auto', `${source}/.`, `${volume.upperDir}/`], { env: HOST_ENV, timeoutMs: 600_000 });
  }
  if (volume.owner) {
    const owner = await resolveOwner(server.rootMount, volume.owner).catch((error: Error) => {
      throw new LocalVmError(`volume ${volume.name}: owner '${volume.owner}' does not exist in ${server.name}: ${error.message}`);
    });
    await chown(volume.upperDir, owner.uid, owner.gid);
  }
}

/**
 * A volume over snapshot layers: its (new) upper directory takes the owner and mode of the top
 * layer's root, because an overlay's root directory shows the upper's attributes.
 */
export async function prepareLayeredVolume(volume: VolumeRecord): Promise<void> {
  await mkdir(volume.workDir, { recursive: true });
  if (existsSync(volume.upperDir)) return;
  await mkdir(volume.upperDir, { recursive: true });
  if (volume.lowerDirs.length > 0) await copyRootAttributes(volume.lowerDirs[0], volume.upperDir);
}

export async function copyRootAttributes(from: string, to: string): Promise<void> {
  const info = await stat(from);
  await chown(to, info.uid, info.gid);
  await chmod(to, info.mode & 0o7777);
}

/**
 * Removes every process, mount, namespace, bridge and file of an environment. Tolerates objects that
 * are already gone (it also cleans up half-created and crashed environments); reports what failed.
 */
export async function destroyEnvironment(config: LocalVmConfig, record: EnvironmentRecord, graceful: boolean): Promise<void> {
  const errors: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    await action().catch((error: Error) => errors.push(`${what}: ${error.message}`));
  };
  await markDeleting(record);
  await teardownRuntime(record, graceful, attempt);
  await attempt(`remove ${record.dir}`, () => safeRemove(config.stateDir, record.dir));
  await attempt('release shared mount', () => releaseMountRootIfUnused(config));
  if (errors.length > 0) throw new LocalVmError(`deleting ${record.id} left problems:\n  ${errors.join('\n  ')}`);
}

/** Releases a replica of retention `volumes`: everything goes except its volume layers. */
export async function stripToVolumes(config: LocalVmConfig, record: EnvironmentRecord): Promise<void> {
  const errors: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    await action().catch((error: Error) => errors.push(`${what}: ${error.message}`));
  };
  await markDeleting(record);
  await teardownRuntime(record, true, attempt);
  await attempt('remove VM layers', () => safeRemove(config.stateDir, join(record.dir, 'vms')));
  if (errors.length > 0) throw new LocalVmError(`releasing ${record.id} left problems:\n  ${errors.join('\n  ')}`);
  Object.assign(record, { servers: [], networks: [], routers: [], status: 'volumes-kept' });
  delete record.owner;
  await writeRecord(record);
  await releaseMountRootIfUnused(config);
}

type Attempt = (what: string, action: () => Promise<unknown>) => Promise<void>;

async function markDeleting(record: EnvironmentRecord): Promise<void> {
  record.status = 'deleting';
  record.owner = currentOwner();
  if (existsSync(record.dir)) await writeRecord(record);
}

async function teardownRuntime(record: EnvironmentRecord, graceful: boolean, attempt: Attempt): Promise<void> {
  await Promise.all(record.servers.map((server) => attempt(`stop ${server.name}`, () => stopServer(server, graceful))));
  for (const server of record.servers) {
    await attempt(`unmount ${server.name}`, () => unmountServer(server));
    await attempt(`remove ${server.rootMount}`, () => removeMountPoint(server.rootMount));
  }
  for (const netns of [...record.servers, ...record.routers].map((owner) => owner.netns)) {
    await attempt(`delete netns ${netns}`, () => deleteNetns(netns));
  }
  for (const net of record.networks) await attempt(`delete bridge ${net.bridge}`, () => deleteLink(net.bridge));
}

async function removeMountPoint(dir: string): Promise<void> {
  if (existsSync(dir) && !(await isMountPoint(dir))) await rmdir(dir);
}

/** rm -rf limited to our state dir, and never through a mount (that would delete a volume or an image). */
export async function safeRemove(stateDir: string, dir: string): Promise<void> {
  if (!isUnder(dir, stateDir) || dir === stateDir) throw new LocalVmError(`refusing to remove ${dir}: outside ${stateDir}`);
  const mounted = await mountsUnder(dir);
  if (mounted.length > 0) throw new LocalVmError(`refusing to remove ${dir}: still mounted: ${mounted.map((entry) => entry.mountPoint).join(', ')}`);
  await rm(dir, { recursive: true, force: true });
}

export async function releaseMountRootIfUnused(config: LocalVmConfig): Promise<void> {
  await withStateLock(config.stateDir, async () => {
    const records = await listRecords(config.stateDir);
    if (records.every((record) => record.servers.length === 0)) await releaseSharedMountRoot(mountRoot(config));
  });
}
