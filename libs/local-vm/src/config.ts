import { existsSync } from 'node:fs';
import { LocalVmError } from './errors';
import { HOST_PATH_RE, PREFIX_RE, assertMatches } from './names';
import { parseCidr } from './address';

export interface LocalVmOptions {
  /** Records, VM layers and volumes. Default `/var/lib/patchproof/local`. Use one directory per prefix. */
  stateDir?: string;
  /** Base image cache, shared by every state dir. Default `/var/lib/patchproof/images`. */
  imagesDir?: string;
  /** Prefix of namespaces, bridges and veths (2–4 characters). Default `pp`. */
  prefix?: string;
  /** Where network subnets are taken from. Default `198.18.0.0/15`. */
  addressPool?: string;
  /** Size of each allocated subnet. Default 24. */
  subnetPrefixLength?: number;
  /** Debian suite of base images. Default `bookworm`. */
  suite?: string;
  /** apt source files handed to mmdebstrap (never a mirror name of ours). Default: the host's. */
  aptSources?: string[];
  /** How long a VM may take to boot and start its services. Default 120 s. */
  bootTimeoutMs?: number;
  /** Progress lines (image builds, environment steps). */
  onProgress?: (message: string) => void;
}

export interface LocalVmConfig {
  stateDir: string;
  imagesDir: string;
  prefix: string;
  addressPool: string;
  subnetPrefixLength: number;
  suite: string;
  aptSources: string[];
  bootTimeoutMs: number;
  onProgress: (message: string) => void;
}

export const DEFAULT_STATE_DIR = '/var/lib/patchproof/local';
export const DEFAULT_IMAGES_DIR = '/var/lib/patchproof/images';
export const DEFAULT_PREFIX = 'pp';
export const DEFAULT_ADDRESS_POOL = '198.18.0.0/15';

const HOST_SOURCE_CANDIDATES = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];

export function resolveConfig(options: LocalVmOptions = {}): LocalVmConfig {
  const config: LocalVmConfig = {
    stateDir: assertMatches(HOST_PATH_RE, options.stateDir ?? DEFAULT_STATE_DIR, 'stateDir'),
    imagesDir: assertMatches(HOST_PATH_RE, options.imagesDir ?? DEFAULT_IMAGES_DIR, 'imagesDir'),
    prefix: assertMatches(PREFIX_RE, options.prefix ?? DEFAULT_PREFIX, 'prefix'),
    addressPool: options.addressPool ?? DEFAULT_ADDRESS_POOL,
    subnetPrefixLength: options.subnetPrefixLength ?? 24,
    suite: assertMatches(/^[a-z]{2,20}$/, options.suite ?? 'bookworm', 'suite'),
    aptSources: options.aptSources ?? HOST_SOURCE_CANDIDATES.filter((file) => existsSync(file)).slice(0, 1),
    bootTimeoutMs: options.bootTimeoutMs ?? 120_000,
    onProgress: options.onProgress ?? (() => undefined),
  };
  const pool = parseCidr(config.addressPool);
  if (config.subnetPrefixLength < Math.max(16, pool.prefixLength) || config.subnetPrefixLength > 28) {
    throw new LocalVmError(`subnetPrefixLength ${config.subnetPrefixLength} must be between max(16, pool /${pool.prefixLength}) and 28`);
  }
  for (const file of config.aptSources) assertMatches(HOST_PATH_RE, file, 'aptSources entry');
  return config;
}
