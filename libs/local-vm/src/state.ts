import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LocalVmError, NotFoundError } from './errors';
import { ENVIRONMENT_ID_RE, assertMatches } from './names';
import type { LoadBalancerSpec, ServiceName } from './template';

export type EnvironmentKind = 'tenant' | 'replica';
/** `volumes-kept`: a released replica of retention `volumes`; only its volume layers remain. */
export type EnvironmentStatus = 'creating' | 'ready' | 'deleting' | 'volumes-kept';
export type RetentionMode = 'delete' | 'retain' | 'volumes';

/** A process identified by pid and start time, so a reused pid is not mistaken for it. */
export interface ProcessOwner {
  pid: number;
  startTicks: string;
}

export interface NetworkRecord {
  name: string;
  bridge: string;
  cidr: string;
  /** The host's address on the bridge (how the verifier on the host reaches the VMs). */
  hostAddress: string;
}

export interface NicRecord {
  network: string;
  /** Interface name inside the namespace (eth0, eth1, ...). */
  ifname: string;
  /** The veth end on the host bridge. */
  hostVeth: string;
  address: string;
}

export interface ServerRecord {
  name: string;
  role: 'server' | 'loadbalancer';
  hostname: string;
  netns: string;
  /** Where the root overlay is mounted on the host. */
  rootMount: string;
  upperDir: string;
  workDir: string;
  /** Overlay lower layers, top first; the last one is the base image. */
  lowerDirs: string[];
  imageId: string;
  packages: string[];
  services: ServiceName[];
  nics: NicRecord[];
  volumes: string[];
  loadBalancer?: LoadBalancerSpec;
  consoleLog: string;
}

export interface RouterRecord {
  name: string;
  netns: string;
  nics: NicRecord[];
}

export interface VolumeRecord {
  name: string;
  server: string;
  mountPath: string;
  sizeBytes: number;
  owner?: string;
  dir: string;
  upperDir: string;
  workDir: string;
  /**
   * Frozen layers, top first. Empty: the volume is the plain directory `upperDir`, bind-mounted.
   * Otherwise it is an overlay of `upperDir` on these layers (after a snapshot, or in a replica).
   */
  lowerDirs: string[];
}

export interface EnvironmentRecord {
  formatVersion: 1;
  id: string;
  kind: EnvironmentKind;
  status: EnvironmentStatus;
  /** The process working on the record while it is `creating` or `deleting`. */
  owner?: ProcessOwner;
  prefix: string;
  createdAt: string;
  updatedAt: string;
  heatTemplateVersion: string;
  description: string;
  dir: string;
  ssh: { user: 'root'; publicKey: string; privateKeyPath: string };
  networks: NetworkRecord[];
  routers: RouterRecord[];
  servers: ServerRecord[];
  volumes: VolumeRecord[];
  source?: { environmentId: string; retention: RetentionMode; snapshotAt: string };
}

/** What callers get: the record of an environment or replica, read-only. */
export type Environment = Readonly<EnvironmentRecord>;

const RECORD_FILE = 'environment.json';

export function environmentsDir(stateDir: string): string {
  return join(stateDir, 'envs');
}

export function environmentDir(stateDir: string, id: string): string {
  return join(environmentsDir(stateDir), assertMatches(ENVIRONMENT_ID_RE, id, 'environment id'));
}

export async function writeRecord(record: EnvironmentRecord): Promise<void> {
  record.updatedAt = new Date().toISOString();
  await mkdir(record.dir, { recursive: true });
  const file = join(record.dir, RECORD_FILE);
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

export async function readRecord(stateDir: string, id: string): Promise<EnvironmentRecord> {
  const file = join(environmentDir(stateDir, id), RECORD_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NotFoundError(`no environment '${id}' in ${stateDir}`);
  }
  return parseRecord(text, file);
}

export async function findRecord(stateDir: string, id: string): Promise<EnvironmentRecord | undefined> {
  return existsSync(join(environmentDir(stateDir, id), RECORD_FILE)) ? readRecord(stateDir, id) : undefined;
}

/** Every readable record; unreadable or corrupt ones are skipped (the reaper removes their directories). */
export async function listRecords(stateDir: string): Promise<EnvironmentRecord[]> {
  const names = await readdir(environmentsDir(stateDir)).catch(() => [] as string[]);
  const records: EnvironmentRecord[] = [];
  for (const name of names.filter((entry) => ENVIRONMENT_ID_RE.test(entry)).sort()) {
    const file = join(environmentsDir(stateDir), name, RECORD_FILE);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const record = text === undefined ? undefined : tryParseRecord(text, file);
    if (record) records.push(record);
  }
  return records;
}

export async function removeRecordFile(record: EnvironmentRecord): Promise<void> {
  await rm(join(record.dir, RECORD_FILE), { force: true });
}

function tryParseRecord(text: string, file: string): EnvironmentRecord | undefined {
  try {
    return parseRecord(text, file);
  } catch {
    return undefined;
  }
}

function parseRecord(text: string, file: string): EnvironmentRecord {
  const value: unknown = JSON.parse(text);
  const isRecord = typeof value === 'object' && value !== null && (value as { formatVersion?: unknown }).formatVersion === 1;
  if (!isRecord) throw new LocalVmError(`${file} is not an environment record of format 1`);
  return value as EnvironmentRecord;
}

export function currentOwner(): ProcessOwner {
  return { pid: process.pid, startTicks: processStartTicks(process.pid) ?? '' };
}

export function isOwnerAlive(owner: ProcessOwner | undefined): boolean {
  return owner !== undefined && processStartTicks(owner.pid) === owner.startTicks;
}

/** A record is live while it is ready, kept, or being worked on by a process that still runs. */
export function isRecordLive(record: EnvironmentRecord): boolean {
  return record.status === 'ready' || record.status === 'volumes-kept' || isOwnerAlive(record.owner);
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 50;

/**
 * Serialises short critical sections (address allocation, record creation, the shared mount) across
 * processes sharing a state dir.
 */
export async function withStateLock<T>(stateDir: string, action: () => Promise<T>): Promise<T> {
  await mkdir(stateDir, { recursive: true });
  return withLock(join(stateDir, '.lock'), action);
}

/** A lock directory: mkdir is atomic; a lock whose owner died is taken over. */
export async function withLock<T>(lockDir: string, action: () => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
  await mkdir(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + waitMs;
  while (!(await tryLock(lockDir))) {
    if (Date.now() > deadline) throw new LocalVmError(`timed out waiting for ${lockDir}`);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  try {
    return await action();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}

async function tryLock(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch {
    const owner = await readFile(join(lockDir, 'owner'), 'utf8').catch(() => undefined);
    const parsed = owner ? (JSON.parse(owner) as ProcessOwner) : undefined;
    // Without an owner file the holder may have died between mkdir and writing it.
    const stale = parsed ? !isOwnerAlive(parsed) : await olderThan(lockDir, 10_000);
    if (stale) await rm(lockDir, { recursive: true, force: true });
    return false;
  }
  await writeFile(join(lockDir, 'owner'), JSON.stringify(currentOwner()));
  return true;
}
