import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './exec';
import { LocalVmError } from './errors';
import { findExecutable } from './host-packages';
import { enableImageTls } from './image-tls';
import { unmountTree } from './mounts';
import { HOST_PATH_RE, PACKAGE_RE, assertMatches, shortId } from './names';
import { DPKG_QUERY_FORMAT, parseAutoInstalled, parseInstalled } from './packages';
import { currentOwner } from './state';

/** Every image carries these: sshd for the verifier, ip/ps for diagnostics, tini as PID 1, umount for boot. */
export const BASE_PACKAGES: readonly string[] = ['iproute2', 'mount', 'openssh-server', 'procps', 'tini'];

/**
 * Bump when the build recipe changes so old cached images are not reused.
 * 2: with ssl-cert in the package set, nginx and apache2 serve HTTPS on 443 (image-tls.ts).
 */
export const IMAGE_RECIPE_VERSION = 2;

export interface BaseImage {
  id: string;
  /** `<imagesDir>/<id>`; holds `rootfs/` and `image.json`. */
  dir: string;
  rootfs: string;
  suite: string;
  architecture: string;
  /** The requested package set (base packages included), sorted. */
  packages: string[];
  /** Installed by the bootstrap (essential set and apt), not requested: never reported as top-level. */
  bootstrapPackages: string[];
  builtAt: string;
  buildSeconds: number;
}

export interface BaseImageOptions {
  imagesDir: string;
  suite: string;
  aptSources: readonly string[];
  onProgress?: (message: string) => void;
}

export interface EnsuredImage {
  image: BaseImage;
  reused: boolean;
}

// Docs, man pages, translations and info pages are never read inside a verification VM.
const DPKG_EXCLUDES = [
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/locale/*',
  'path-include=/usr/share/locale/locale.alias',
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
];

// Runs after extraction, before any maintainer script: services must not start in the build chroot.
// The file stays in the image, so apt inside a VM never starts or restarts daemons either; pp-service does.
const POLICY_RC_HOOK =
  'printf "#!/bin/sh\\n# patchproof: daemons are started by pp-service, never by maintainer scripts.\\nexit 101\\n" > "$1/usr/sbin/policy-rc.d" && chmod 755 "$1/usr/sbin/policy-rc.d"';

const building = new Map<string, Promise<EnsuredImage>>();

export function imagePackageSet(packages: readonly string[]): string[] {
  for (const name of packages) assertMatches(PACKAGE_RE, name, 'package name');
  return [...new Set([...BASE_PACKAGES, ...packages])].sort();
}

export async function hostArchitecture(): Promise<string> {
  return (await run('dpkg', ['--print-architecture'])).stdout.trim();
}

/** The cache key: a hash of the package set (plus suite, architecture and recipe version). */
export function imageId(packages: readonly string[], suite: string, architecture: string): string {
  const key = JSON.stringify({ recipe: IMAGE_RECIPE_VERSION, suite, architecture, packages: imagePackageSet(packages) });
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export async function findBaseImage(imagesDir: string, id: string): Promise<BaseImage | undefined> {
  const file = join(imagesDir, id, 'image.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as BaseImage;
}

/** Returns the cached image for this package set, building it (atomically) when absent. */
export async function ensureBaseImage(packages: readonly string[], options: BaseImageOptions): Promise<EnsuredImage> {
  assertMatches(HOST_PATH_RE, options.imagesDir, 'imagesDir');
  const architecture = await hostArchitecture();
  const id = imageId(packages, options.suite, architecture);
  const cached = await findBaseImage(options.imagesDir, id);
  if (cached) return { image: cached, reused: true };
  const pending = building.get(id) ?? buildImage(id, imagePackageSet(packages), architecture, options);
  building.set(id, pending);
  try {
    return await pending;
  } finally {
    building.delete(id);
  }
}

async function buildImage(id: string, packages: string[], architecture: string, options: BaseImageOptions): Promise<EnsuredImage> {
  if (!findExecutable('mmdebstrap')) {
    throw new LocalVmError('mmdebstrap is not installed: run ensureHostPackages() (apt-get install -y mmdebstrap) first');
  }
  if (options.aptSources.length === 0) throw new LocalVmError('no apt sources file found on the host; set aptSources');
  const progress = options.onProgress ?? (() => undefined);
  const tmp = join(options.imagesDir, `.tmp-${id}-${shortId()}`);
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, 'owner.json'), JSON.stringify(currentOwner()));
  const started = Date.now();
  try {
    progress(`image ${id}: building ${options.suite} with ${packages.join(' ')}`);
    await runMmdebstrap(join(tmp, 'rootfs'), packages, options, (line) => progress(`image ${id}: ${line}`));
    const tls = await enableImageTls(join(tmp, 'rootfs'), packages);
    if (tls.length > 0) progress(`image ${id}: HTTPS on 443 for ${tls.join(', ')} (ssl-cert's snakeoil certificate)`);
    const image = await describeImage(id, tmp, packages, architecture, options.suite, started);
    await writeFile(join(tmp, 'image.json'), `${JSON.stringify(image, null, 2)}\n`);
    await rm(join(tmp, 'owner.json'));
    return await publish(tmp, image, options.imagesDir, progress);
  } catch (error) {
    await unmountTree(tmp);
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function runMmdebstrap(rootfs: string, packages: string[], options: BaseImageOptions, onLine: (line: string) => void): Promise<void> {
  const args = [
    '--mode=root',
    '--format=directory',
    '--variant=apt',
    '--components=main',
    `--include=${packages.join(',')}`,
    '--aptopt=Acquire::Languages "none"',
    ...DPKG_EXCLUDES.map((option) => `--dpkgopt=${option}`),
    '--skip=chroot/policy-rc.d',
    `--extract-hook=${POLICY_RC_HOOK}`,
    options.suite,
    rootfs,
    // Source files, not a mirror name: the image uses exactly the host's apt configuration.
    ...options.aptSources,
  ];
  await run('mmdebstrap', args, { timeoutMs: 1_800_000, onLine: (line) => line.startsWith('I: ') && onLine(line.slice(3)) });
}

async function describeImage(
  id: string,
  tmp: string,
  packages: string[],
  architecture: string,
  suite: string,
  started: number,
): Promise<BaseImage> {
  const rootfs = join(tmp, 'rootfs');
  const query = await run('dpkg-query', [`--admindir=${rootfs}/var/lib/dpkg`, '-W', '-f', DPKG_QUERY_FORMAT]);
  const auto = parseAutoInstalled(await readFile(join(rootfs, 'var/lib/apt/extended_states'), 'utf8').catch(() => ''));
  const requested = new Set(packages);
  const bootstrapPackages = parseInstalled(query.stdout)
    .map((pkg) => pkg.name)
    .filter((name) => !auto.has(name) && !requested.has(name));
  const dir = join(tmp, '..', id);
  return {
    id,
    dir,
    rootfs: join(dir, 'rootfs'),
    suite,
    architecture,
    packages,
    bootstrapPackages,
    builtAt: new Date().toISOString(),
    buildSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** rename(2) makes the finished image appear at once; if another builder won the race, use theirs. */
async function publish(tmp: string, image: BaseImage, imagesDir: string, progress: (message: string) => void): Promise<EnsuredImage> {
  try {
    await rename(tmp, image.dir);
    progress(`image ${image.id}: built in ${image.buildSeconds} s`);
    return { image, reused: false };
  } catch (error) {
    const existing = await findBaseImage(imagesDir, image.id);
    if (!existing) throw error;
    await rm(tmp, { recursive: true, force: true });
    return { image: existing, reused: true };
  }
}
