import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec';
import { LocalVmError } from './errors';
import { withLock } from './state';

const HOST_PACKAGES_LOCK = '/run/lock/patchproof-host-packages';

/** Host programs the driver runs, and the Debian package that provides each. */
export const HOST_TOOLS: Readonly<Record<string, string>> = {
  ip: 'iproute2',
  mount: 'mount',
  umount: 'mount',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  pivot_root: 'util-linux',
  hostname: 'hostname',
  chroot: 'coreutils',
  cp: 'coreutils',
  mknod: 'coreutils',
  sysctl: 'procps',
  'dpkg-query': 'dpkg',
  mmdebstrap: 'mmdebstrap',
};

const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of an executable on PATH (plus the sbin directories), or undefined. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SYSTEM_PATH];
  for (const dir of dirs) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

export function missingHostTools(): string[] {
  return Object.keys(HOST_TOOLS).filter((tool) => !findExecutable(tool));
}

/**
 * Installs the host packages the driver needs that are missing (mmdebstrap above all) with
 * `apt-get update && apt-get install -y`, from the host's own apt sources. Only the image tooling
 * and explicit setup call this; environment operations never install anything on their own.
 */
export async function ensureHostPackages(onProgress: (message: string) => void = () => undefined): Promise<string[]> {
  const packages = [...new Set(missingHostTools().map((tool) => HOST_TOOLS[tool]))].sort();
  if (packages.length === 0) return [];
  if (process.getuid?.() !== 0) throw new LocalVmError(`installing ${packages.join(', ')} needs root`);
  // Parallel callers (several test files) would otherwise collide on apt's own lock and fail.
  return withLock(HOST_PACKAGES_LOCK, async () => {
    const still = [...new Set(missingHostTools().map((tool) => HOST_TOOLS[tool]))].sort();
    if (still.length === 0) return packages;
    onProgress(`installing host packages: ${still.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const wait = ['-o', 'DPkg::Lock::Timeout=300'];
    await run('apt-get', [...wait, 'update', '-q'], { env, timeoutMs: 600_000 });
    await run('apt-get', [...wait, 'install', '-y', '-q', '--no-install-recommends', ...still], { env, timeoutMs: 600_000 });
    return still;
  }, 15 * 60_000);
}
