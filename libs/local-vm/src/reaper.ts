import { existsSync } from 'node:fs';
import { readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalVmOptions, resolveConfig } from './config';
import { destroyEnvironment, mountRoot, releaseMountRootIfUnused, safeRemove } from './environment';
import { run } from './exec';
import { isUnder, mountsUnder, readMounts, unmountTree } from './mounts';
import { ENVIRONMENT_ID_RE, hostNames } from './names';
import { deleteLink, deleteNetns, listLinks, listNetns } from './net';
import { EnvironmentRecord, ProcessOwner, environmentsDir, isOwnerAlive, isRecordLive, listRecords, withStateLock } from './state';
import { assertLocalDriverSupported } from './support';
import { killNetnsProcesses } from './vm';

export type ReapOptions = Pick<LocalVmOptions, 'prefix' | 'stateDir' | 'imagesDir' | 'onProgress'>;

export interface ReapReport {
  /** Records whose owning process died mid-create/delete; everything they claimed was removed. */
  environments: string[];
  namespaces: string[];
  links: string[];
  mounts: string[];
  dirs: string[];
  processes: number;
}

interface Claims {
  netns: Set<string>;
  links: Set<string>;
  rootMounts: string[];
  envIds: Set<string>;
}

interface Candidates {
  dead: EnvironmentRecord[];
  claims: Claims;
  netns: string[];
  links: string[];
}

const ORPHAN_BUILD_AGE_MS = 10 * 60_000;

/**
 * Removes what a crash left behind: records whose owner died mid-operation (with everything they
 * claim), and namespaces, bridges, veths, mounts and directories with this prefix or in this state
 * dir that no live record claims. Safe to run at start-up and at any time; never touches live records.
 */
export async function reap(options: ReapOptions = {}): Promise<ReapReport> {
  const config = resolveConfig(options);
  await assertLocalDriverSupported();
  const report: ReapReport = { environments: [], namespaces: [], links: [], mounts: [], dirs: [], processes: 0 };
  // Records and host objects are listed together under the lock: an object created after a record
  // is written by another process is then either claimed by that record or not listed at all.
  const found = await withStateLock(config.stateDir, () => gather(config.stateDir, config.prefix));
  for (const record of found.dead) {
    await destroyEnvironment(config, record, false).catch((error: Error) => config.onProgress(`reap ${record.id}: ${error.message}`));
    report.environments.push(record.id);
  }
  for (const netns of found.netns) {
    report.processes += await killNetnsProcesses(netns);
    await deleteNetns(netns);
    report.namespaces.push(netns);
  }
  for (const link of found.links) {
    await deleteLink(link);
    report.links.push(link);
  }
  report.mounts.push(...(await reapMounts(config.stateDir, found.claims)));
  report.dirs.push(...(await reapDirs(config.stateDir, found.claims)));
  report.dirs.push(...(await reapImageBuilds(config.imagesDir)));
  await releaseMountRootIfUnused(config);
  return report;
}

async function gather(stateDir: string, prefix: string): Promise<Candidates> {
  const records = await listRecords(stateDir);
  const live = records.filter(isRecordLive);
  const claims: Claims = {
    netns: new Set(live.flatMap((record) => [...record.servers, ...record.routers].map((owner) => owner.netns))),
    links: new Set(
      live.flatMap((record) => [
        ...record.networks.map((net) => net.bridge),
        ...[...record.servers, ...record.routers].flatMap((owner) => owner.nics.map((nic) => nic.hostVeth)),
      ]),
    ),
    rootMounts: live.flatMap((record) => record.servers.map((server) => server.rootMount)),
    envIds: new Set(live.map((record) => record.id)),
  };
  const netnsPattern = hostNames.netnsPattern(prefix);
  const linkPattern = hostNames.linkPattern(prefix);
  return {
    dead: records.filter((record) => !isRecordLive(record)),
    claims,
    netns: (await listNetns()).filter((name) => netnsPattern.test(name) && !claims.netns.has(name)),
    links: (await listLinks()).map((link) => link.ifname).filter((name) => linkPattern.test(name) && !claims.links.has(name)),
  };
}

async function reapMounts(stateDir: string, claims: Claims): Promise<string[]> {
  const root = mountRoot({ stateDir });
  const orphans = (await mountsUnder(stateDir))
    .map((entry) => entry.mountPoint)
    .filter((point) => point !== root && !claims.rootMounts.some((claimed) => isUnder(point, claimed)))
    .sort((a, b) => b.length - a.length);
  const unmounted: string[] = [];
  for (const point of orphans) {
    if (!(await readMounts()).some((entry) => entry.mountPoint === point)) continue;
    await run('umount', [point]).catch(() => run('umount', ['--lazy', point]));
    unmounted.push(point);
  }
  return unmounted;
}

async function reapDirs(stateDir: string, claims: Claims): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(environmentsDir(stateDir)).catch(() => [] as string[])) {
    if (ENVIRONMENT_ID_RE.test(name) && claims.envIds.has(name)) continue;
    const dir = join(environmentsDir(stateDir), name);
    // A directory still mounted somewhere is reported by the next reap once its mount is gone.
    if (await safeRemove(stateDir, dir).then(() => true, () => false)) removed.push(dir);
  }
  const mnt = join(stateDir, 'mnt');
  for (const name of await readdir(mnt).catch(() => [] as string[])) {
    const dir = join(mnt, name);
    if (claims.rootMounts.includes(dir) || (await mountsUnder(dir)).length > 0) continue;
    await rmdir(dir).catch(() => undefined);
    removed.push(dir);
  }
  return removed;
}

/** Half-built images (`.tmp-*`) whose builder process is gone; mmdebstrap may have left mounts in them. */
async function reapImageBuilds(imagesDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(imagesDir).catch(() => [] as string[])) {
    if (!name.startsWith('.tmp-')) continue;
    const dir = join(imagesDir, name);
    if (!(await builderIsGone(dir))) continue;
    await unmountTree(dir);
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

async function builderIsGone(dir: string): Promise<boolean> {
  const ownerFile = join(dir, 'owner.json');
  if (existsSync(ownerFile)) {
    const owner = JSON.parse(await readFile(ownerFile, 'utf8')) as ProcessOwner;
    return !isOwnerAlive(owner);
  }
  const info = await stat(dir);
  return Date.now() - info.mtimeMs > ORPHAN_BUILD_AGE_MS;
}
