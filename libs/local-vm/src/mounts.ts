import { readFile, mkdir, realpath } from 'node:fs/promises';
import { run } from './exec';
import { LocalVmError } from './errors';
import { HOST_PATH_RE, assertMatches } from './names';

export interface MountEntry {
  mountPoint: string;
  /** The mounted subtree of the source filesystem (the source directory of a bind mount). */
  root: string;
  fsType: string;
  source: string;
  superOptions: string;
  /** `shared:N`, `master:N`, ... */
  propagation: string;
}

/** The host's mounts, from /proc/self/mountinfo. */
export async function readMounts(): Promise<MountEntry[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').filter(Boolean).map(parseMountInfoLine);
}

export function parseMountInfoLine(line: string): MountEntry {
  const [left, right = ''] = line.split(' - ');
  const fields = left.split(' ');
  const [fsType, source, superOptions] = right.split(' ');
  return {
    root: unescapeMount(fields[3]),
    mountPoint: unescapeMount(fields[4]),
    propagation: fields.slice(6).join(' '),
    fsType,
    source: unescapeMount(source ?? ''),
    superOptions: superOptions ?? '',
  };
}

function unescapeMount(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

export async function mountsUnder(dir: string): Promise<MountEntry[]> {
  return (await readMounts()).filter((entry) => isUnder(entry.mountPoint, dir));
}

export async function isMountPoint(path: string): Promise<boolean> {
  return (await readMounts()).some((entry) => entry.mountPoint === path);
}

/** One overlay option string per mount; our paths never hold `,` or `:` (HOST_PATH_RE). */
export async function mountOverlay(target: string, lowerDirs: readonly string[], upperDir: string, workDir: string): Promise<void> {
  if (lowerDirs.length === 0) throw new LocalVmError(`overlay at ${target} needs at least one lower layer`);
  for (const dir of [target, upperDir, workDir, ...lowerDirs]) assertMatches(HOST_PATH_RE, dir, 'overlay path');
  // Plain layers: no metacopy or redirect xattrs, so an upper dir can later serve as a lower layer as is.
  const options = `lowerdir=${lowerDirs.join(':')},upperdir=${upperDir},workdir=${workDir},index=off,redirect_dir=off,metacopy=off`;
  await run('mount', ['-t', 'overlay', 'overlay', '-o', options, target]);
}

export async function bindMount(source: string, target: string): Promise<void> {
  await run('mount', ['--bind', source, target]);
}

/** Unmounts `target` if it is mounted; `EBUSY` and other failures propagate. */
export async function unmount(target: string): Promise<void> {
  if (await isMountPoint(target)) await run('umount', [target]);
}

/** Unmounts everything at or below `dir`, deepest first. */
export async function unmountTree(dir: string): Promise<string[]> {
  const targets = (await mountsUnder(dir)).map((entry) => entry.mountPoint).sort((a, b) => b.length - a.length);
  for (const target of targets) await run('umount', [target]).catch(() => run('umount', ['--lazy', target]));
  return targets;
}

/**
 * Makes `dir` a shared mount (a bind mount on itself). VM roots are mounted below it, and each VM's
 * mount namespace is a slave of it, so a volume mounted or unmounted on the host later (a snapshot)
 * reaches the running VM; the host's `/` is often private, which would not propagate.
 */
export async function ensureSharedMountRoot(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (!(await isMountPoint(dir))) await run('mount', ['--bind', dir, dir]);
  await run('mount', ['--make-shared', dir]);
}

export async function releaseSharedMountRoot(dir: string): Promise<void> {
  const mounts = await mountsUnder(dir);
  if (mounts.length === 1 && mounts[0].mountPoint === dir) await run('umount', [dir]);
}

/** Fails unless `path` resolves to itself: a symlink inside a VM must not redirect a host mount. */
export async function assertNoSymlinks(path: string): Promise<void> {
  const resolved = await realpath(path);
  if (resolved !== path) throw new LocalVmError(`${path} resolves to ${resolved}; refusing to follow links out of the VM`);
}
