import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCidr } from './address';
import type { LocalVmConfig } from './config';
import {
  buildEnvironment,
  completeOrDestroy,
  copyRootAttributes,
  destroyEnvironment,
  reserveEnvironment,
  safeRemove,
  stripToVolumes,
} from './environment';
import { run } from './exec';
import { HostCommandError, LocalVmError } from './errors';
import { extractTemplate } from './extract';
import { HOST_ENV } from './guest';
import { isMountPoint, mountOverlay, unmount } from './mounts';
import { ENVIRONMENT_ID_RE, assertMatches } from './names';
import { RootLayers, chooseSubnets, planEnvironment, relocateTemplate } from './plan';
import { EnvironmentRecord, RetentionMode, ServerRecord, VolumeRecord, findRecord, listRecords, readRecord, withLock, writeRecord } from './state';
import { assertLocalDriverSupported } from './support';
import type { Template } from './template';
import { enabledServices, execInServer, mountVolume } from './vm';

// Another replication of the same original may hold the snapshot lock while it copies root layers.
const SNAPSHOT_LOCK_WAIT_MS = 30 * 60_000;

export const RETENTION_MODES: readonly RetentionMode[] = ['delete', 'retain', 'volumes'];

export interface ReplicaResult {
  environment: EnvironmentRecord;
  /** True when a retained replica was handed back as it was (nothing copied). */
  reused: boolean;
  seconds: number;
}

export type ReleaseOutcome = 'deleted' | 'retained' | 'volumes-kept';

/**
 * Deploys a copy of a tenant environment into the verification project: its own bridges and
 * subnets (fixed addresses keep their host part), VMs whose roots are overlays over a snapshot of the
 * original's, volumes stacked copy-on-write on frozen layers of the original's volumes.
 * `retain`: a ready replica with this id is handed back as is. `volumes`: a replica released earlier
 * keeps its volumes; the VMs are recreated from the original's current root filesystems.
 */
export async function replicate(config: LocalVmConfig, sourceId: string, replicaId: string, mode: RetentionMode): Promise<ReplicaResult> {
  await assertLocalDriverSupported();
  assertMatches(ENVIRONMENT_ID_RE, replicaId, 'replica id');
  if (!RETENTION_MODES.includes(mode)) throw new LocalVmError(`retention mode must be one of ${RETENTION_MODES.join(', ')}`);
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  const source = await readRecord(config.stateDir, sourceId);
  if (source.kind !== 'tenant' || source.status !== 'ready') throw new LocalVmError(`${sourceId} is not a ready tenant environment`);
  const existing = await findRecord(config.stateDir, replicaId);
  if (existing) {
    const reused = await reuseExisting(existing, sourceId, mode);
    if (reused) return { environment: reused, reused: true, seconds: seconds() };
  }
  await withLock(snapshotLock(source), () => healSourceVolumes(config, sourceId), SNAPSHOT_LOCK_WAIT_MS);
  const template = await extractTemplate(config, source);
  const kept = await keptVolumes(config, existing, template);
  const record = await reserveEnvironment(config, replicaId, (taken) => planReplica(config, replicaId, source, template, taken, mode, kept), existing);
  const environment = await completeOrDestroy(config, record, async () => {
    await snapshotSource(config, sourceId, record, kept);
    await writeRecord(record);
    await buildEnvironment(config, record, { seedVolumes: false });
  });
  config.onProgress(`${replicaId}: replica of ${sourceId} ready in ${seconds()} s`);
  return { environment, reused: false, seconds: seconds() };
}

async function reuseExisting(existing: EnvironmentRecord, sourceId: string, mode: RetentionMode): Promise<EnvironmentRecord | undefined> {
  if (existing.kind !== 'replica' || existing.source?.environmentId !== sourceId) {
    throw new LocalVmError(`'${existing.id}' exists and is not a replica of '${sourceId}'`);
  }
  if (existing.status === 'volumes-kept') return undefined;
  if (existing.status !== 'ready') throw new LocalVmError(`replica ${existing.id} is ${existing.status}; if its process died, reap() removes it`);
  existing.source.retention = mode;
  await writeRecord(existing);
  return existing;
}

/** Volumes of a released `volumes` replica that the new template still has (same server and path). */
async function keptVolumes(config: LocalVmConfig, existing: EnvironmentRecord | undefined, template: Template): Promise<Map<string, VolumeRecord>> {
  const kept = new Map<string, VolumeRecord>();
  for (const volume of existing?.volumes ?? []) {
    const wanted = template.volumes.find((spec) => spec.name === volume.name && spec.mountPath === volume.mountPath);
    const server = template.servers.find((spec) => spec.volumes.includes(volume.name));
    if (wanted && server?.name === volume.server) kept.set(volume.name, volume);
    else await safeRemove(config.stateDir, volume.dir);
  }
  return kept;
}

function planReplica(
  config: LocalVmConfig,
  replicaId: string,
  source: EnvironmentRecord,
  template: Template,
  taken: ReturnType<typeof parseCidr>[],
  mode: RetentionMode,
  kept: Map<string, VolumeRecord>,
): EnvironmentRecord {
  const cidrs = chooseSubnets(template, parseCidr(config.addressPool), config.subnetPrefixLength, taken, false);
  const record = planEnvironment({
    id: replicaId,
    kind: 'replica',
    stateDir: config.stateDir,
    prefix: config.prefix,
    template: relocateTemplate(template, cidrs),
    cidrs,
    rootOf: (name) => replicaRoot(source, name),
    // The verifier logs in to the replica with the tenant's credentials, as it would to the tenant.
    ssh: source.ssh,
    source: { environmentId: source.id, retention: mode, snapshotAt: '' },
  });
  for (const volume of record.volumes) volume.lowerDirs = kept.get(volume.name)?.lowerDirs ?? [];
  return record;
}

/** A replica VM's root: its own snapshot of the original's upper layer, over the original's lower layers. */
function replicaRoot(source: EnvironmentRecord, serverName: string): RootLayers {
  const original = source.servers.find((server) => server.name === serverName);
  if (!original) throw new LocalVmError(`server ${serverName} is not in ${source.id}`);
  return { imageId: original.imageId, lowerDirs: original.lowerDirs, snapshot: true };
}

/**
 * Takes a consistent snapshot of the original, with its services stopped for the duration:
 * - root filesystems: a copy of each VM's upper layer (`cp -a --reflink=auto`; only what differs
 *   from the base image, so small; free on reflink filesystems). The copy, not the live upper, is
 *   stacked under the replica: overlayfs forbids changing a layer under a mounted overlay.
 * - volumes: the live upper directory is frozen as a new read-only layer and the original remounted
 *   on a fresh upper over it. Nothing is copied, so a 1 GB volume costs what a 10 MB one does.
 */
async function snapshotSource(config: LocalVmConfig, sourceId: string, replica: EnvironmentRecord, kept: Map<string, VolumeRecord>): Promise<void> {
  await withLock(snapshotLock(await readRecord(config.stateDir, sourceId)), async () => {
    const source = await readRecord(config.stateDir, sourceId);
    const resume = await quiesce(source);
    try {
      for (const server of replica.servers) await snapshotRoot(source, server);
      for (const volume of replica.volumes.filter((candidate) => !kept.has(candidate.name))) {
        volume.lowerDirs = await freezeSourceVolume(source, volume.name);
      }
      await writeRecord(source);
    } finally {
      await resume();
    }
    replica.source = { environmentId: source.id, retention: replica.source?.retention ?? 'delete', snapshotAt: new Date().toISOString() };
  }, SNAPSHOT_LOCK_WAIT_MS);
}

async function snapshotRoot(source: EnvironmentRecord, server: ServerRecord): Promise<void> {
  const original = source.servers.find((candidate) => candidate.name === server.name);
  if (!original) throw new LocalVmError(`server ${server.name} is not in ${source.id}`);
  const snapshot = server.lowerDirs[0];
  await rm(snapshot, { recursive: true, force: true });
  await mkdir(join(snapshot, '..'), { recursive: true });
  await run('cp', ['-a', '--reflink=auto', original.upperDir, snapshot], { env: HOST_ENV, timeoutMs: 1_800_000 });
}

/** Stops every service of the original (last server first); returns how to start them again. */
async function quiesce(source: EnvironmentRecord): Promise<() => Promise<void>> {
  const plan = await Promise.all(source.servers.map(async (server) => ({ server, services: await enabledServices(server) })));
  const stopped: typeof plan = [];
  const resume = async (): Promise<void> => {
    const errors: string[] = [];
    for (const { server, services } of stopped) {
      for (const service of services) {
        await execInServer(server, ['/usr/local/sbin/pp-service', 'start', service], { timeoutMs: 120_000 }).catch((error: Error) =>
          errors.push(`${server.name}/${service}: ${error.message}`),
        );
      }
    }
    if (errors.length > 0) throw new LocalVmError(`services of ${source.id} did not come back after the snapshot:\n${errors.join('\n')}`);
  };
  try {
    for (const entry of [...plan].reverse()) {
      stopped.push(entry);
      for (const service of [...entry.services].reverse()) {
        await execInServer(entry.server, ['/usr/local/sbin/pp-service', 'stop', service], { timeoutMs: 120_000 });
      }
    }
  } catch (error) {
    await resume().catch(() => undefined);
    throw error;
  }
  return resume;
}

/**
 * Freezes the original volume's current upper directory as a layer and remounts the original on a
 * fresh upper above it; returns the frozen layers (top first) for the replica to stack on. The layer
 * directories on disk, not the record, say which layers exist, so a crash between steps is healed
 * by the next snapshot (which also remounts a volume a crash left unmounted).
 */
async function freezeSourceVolume(source: EnvironmentRecord, name: string): Promise<string[]> {
  const volume = source.volumes.find((candidate) => candidate.name === name);
  const server = source.servers.find((candidate) => candidate.name === volume?.server);
  if (!volume || !server) throw new LocalVmError(`volume ${name} is not in ${source.id}`);
  const current = await frozenLayers(volume);
  const target = join(server.rootMount, volume.mountPath);
  if (current.length > 0 && (await readdir(volume.upperDir)).length === 0) return current;
  await unmount(target).catch((error: unknown) => {
    const detail = error instanceof HostCommandError ? error.stderr.trim() : String(error);
    throw new LocalVmError(`cannot snapshot volume ${name} of ${server.name}: ${detail} (a process other than its services uses it)`);
  });
  const layer = join(volume.dir, 'layers', String(current.length === 0 ? 0 : layerIndex(current[0]) + 1));
  await mkdir(join(volume.dir, 'layers'), { recursive: true });
  await rename(volume.upperDir, layer);
  await recreateUpper(volume, layer);
  try {
    await mountOverlay(target, [layer, ...current], volume.upperDir, volume.workDir);
  } catch (error) {
    await rmdir(volume.upperDir);
    await rename(layer, volume.upperDir);
    volume.lowerDirs = current;
    await mountVolume(server, volume);
    throw error;
  }
  volume.lowerDirs = [layer, ...current];
  await writeRecord(source);
  return volume.lowerDirs;
}

function snapshotLock(source: EnvironmentRecord): string {
  return join(source.dir, '.snapshot-lock');
}

/**
 * Brings the original's volumes back in line with their layers on disk after a crash in the middle
 * of a snapshot: a missing upper directory is recreated, an unmounted volume is mounted again.
 */
async function healSourceVolumes(config: LocalVmConfig, sourceId: string): Promise<void> {
  const source = await readRecord(config.stateDir, sourceId);
  let healed = false;
  for (const volume of source.volumes) {
    const server = source.servers.find((candidate) => candidate.name === volume.server);
    if (!server) continue;
    volume.lowerDirs = await frozenLayers(volume);
    if (!existsSync(volume.upperDir)) await recreateUpper(volume, volume.lowerDirs[0]);
    if (!(await isMountPoint(join(server.rootMount, volume.mountPath)))) {
      await mountVolume(server, volume);
      healed = true;
      config.onProgress(`${source.id}: volume ${volume.name} was not mounted (interrupted snapshot?); mounted it again`);
    }
  }
  if (healed) await writeRecord(source);
}

/** The volume's frozen layers as they are on disk, top (newest) first. */
async function frozenLayers(volume: VolumeRecord): Promise<string[]> {
  const names = await readdir(join(volume.dir, 'layers')).catch(() => [] as string[]);
  return names
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .sort((a, b) => b - a)
    .map((index) => join(volume.dir, 'layers', String(index)));
}

function layerIndex(layer: string): number {
  return Number(layer.slice(layer.lastIndexOf('/') + 1));
}

async function recreateUpper(volume: VolumeRecord, attributesFrom: string | undefined): Promise<void> {
  await mkdir(volume.upperDir);
  if (attributesFrom) await copyRootAttributes(attributesFrom, volume.upperDir);
}

/** The end of a verification run: applies the replica's retention mode. */
export async function releaseReplica(config: LocalVmConfig, replicaId: string): Promise<ReleaseOutcome> {
  const record = await readReplica(config, replicaId);
  const retention = record.source?.retention ?? 'delete';
  if (retention === 'retain') return 'retained';
  if (retention === 'volumes') {
    if (record.status !== 'volumes-kept') await stripToVolumes(config, record);
    return 'volumes-kept';
  }
  await destroyEnvironment(config, record, true);
  return 'deleted';
}

export async function deleteReplica(config: LocalVmConfig, replicaId: string): Promise<void> {
  await destroyEnvironment(config, await readReplica(config, replicaId), true);
}

/** Deletes an environment; a tenant's replicas go first (their layers stack on the tenant's). */
export async function deleteEnvironment(config: LocalVmConfig, id: string): Promise<void> {
  const record = await readRecord(config.stateDir, id);
  if (record.kind === 'tenant') {
    const replicas = (await listRecords(config.stateDir)).filter((candidate) => candidate.source?.environmentId === id);
    for (const replica of replicas) await destroyEnvironment(config, replica, true);
  }
  await destroyEnvironment(config, record, true);
}

async function readReplica(config: LocalVmConfig, replicaId: string): Promise<EnvironmentRecord> {
  const record = await readRecord(config.stateDir, replicaId);
  if (record.kind !== 'replica') throw new LocalVmError(`${replicaId} is not a replica`);
  return record;
}
