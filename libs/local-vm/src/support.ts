import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriverUnsupportedError } from './errors';
import { HOST_ENV } from './guest';
import { findExecutable, missingHostTools } from './host-packages';

export type LocalDriverSupport = { ok: true } | { ok: false; reason: string };

let cached: LocalDriverSupport | undefined;

/**
 * Whether this host can run namespace VMs: Linux, root, the host tools, overlayfs, network/PID/mount
 * namespaces with bridges and veths, and mmdebstrap installed or installable. Synchronous, so a test
 * file can choose `describe` or `describe.skip` while jest collects it; cached per process.
 */
export function checkLocalDriverSupport(options: { refresh?: boolean } = {}): LocalDriverSupport {
  if (!cached || options.refresh) cached = probe();
  return cached;
}

export async function assertLocalDriverSupported(): Promise<void> {
  const support = checkLocalDriverSupport();
  if (!support.ok) throw new LocalDriverUnsupportedError(`the local VM driver cannot run here: ${support.reason}`);
}

function probe(): LocalDriverSupport {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (platform ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: `not running as root (uid ${process.getuid?.()})` };
  const missing = missingHostTools().filter((tool) => tool !== 'mmdebstrap');
  if (missing.length > 0) return { ok: false, reason: `missing host tools: ${missing.join(', ')}` };
  for (const check of [checkOverlay, checkNamespaces, checkMmdebstrap]) {
    const reason = check();
    if (reason) return { ok: false, reason };
  }
  return { ok: true };
}

/** Runs argv; returns undefined on success, else a one-line reason. */
function attempt(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { env: HOST_ENV, encoding: 'utf8', timeout: 30_000 });
  if (result.status === 0) return undefined;
  return (result.error?.message ?? result.stderr.trim()) || `${command} exited with ${result.status}`;
}

function checkOverlay(): string | undefined {
  if (!/\boverlay\b/.test(readFileSync('/proc/filesystems', 'utf8'))) attempt('modprobe', ['overlay']);
  const dir = mkdtempSync(join(tmpdir(), 'pp-overlay-check-'));
  try {
    for (const sub of ['lower', 'upper', 'work', 'merged']) mkdirSync(join(dir, sub));
    const options = `lowerdir=${dir}/lower,upperdir=${dir}/upper,workdir=${dir}/work`;
    const failure = attempt('mount', ['-t', 'overlay', 'overlay', '-o', options, join(dir, 'merged')]);
    if (failure) return `mount -t overlay does not work: ${failure}`;
    attempt('umount', [join(dir, 'merged')]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runs in throw-away namespaces: nothing is left on the host whatever happens.
function checkNamespaces(): string | undefined {
  const script = 'ip link add ppchk0 type bridge && ip link add ppchk1 type veth peer name ppchk2 && ip link set ppchk1 master ppchk0';
  const failure = attempt('unshare', ['--net', '--mount', '--pid', '--fork', '--uts', '--ipc', '--', '/bin/sh', '-c', script]);
  return failure && `cannot create namespaces, bridges or veths: ${failure}`;
}

function checkMmdebstrap(): string | undefined {
  if (findExecutable('mmdebstrap')) return undefined;
  if (!findExecutable('apt-cache')) return 'mmdebstrap is not installed and apt is not available to install it';
  const policy = spawnSync('apt-cache', ['policy', 'mmdebstrap'], { env: HOST_ENV, encoding: 'utf8' });
  const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout ?? '')?.[1];
  return candidate && candidate !== '(none)' ? undefined : 'mmdebstrap is not installed and no apt source offers it';
}
