import { createHash, timingSafeEqual } from 'node:crypto';

export const ROLES = ['operator', 'publisher', 'viewer', 'tenant'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  name: string;
  role: Role;
  /** Set for the `tenant` role: the one tenant whose data this key may see. */
  tenantId?: string;
}

interface StoredKey extends Principal {
  digest: Buffer;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * API keys held as SHA-256 digests; a presented key is hashed and compared to every stored digest in
 * constant time, so neither the comparison nor the number of keys checked depends on the secret.
 */
export class ApiKeyStore {
  private readonly keys: StoredKey[];

  constructor(entries: Array<Principal & { key: string }>) {
    this.keys = entries.map(({ key, ...principal }) => {
      if (key.length < 16) throw new Error(`API key "${principal.name}" must be at least 16 characters`);
      return { ...principal, digest: digest(key) };
    });
  }

  authenticate(presented: string): Principal | undefined {
    const candidate = digest(presented);
    let match: StoredKey | undefined;
    for (const stored of this.keys) {
      if (timingSafeEqual(stored.digest, candidate) && !match) match = stored;
    }
    return match && { name: match.name, role: match.role, tenantId: match.tenantId };
  }

  get size(): number {
    return this.keys.length;
  }
}

/**
 * Keys from the environment: PATCHPROOF_API_KEYS is a JSON array of {name, role, key, tenantId?};
 * PATCHPROOF_BOOTSTRAP_KEY, when set, is an operator key named "bootstrap" (for the demo and first setup).
 */
export function apiKeysFromEnvironment(env: NodeJS.ProcessEnv = process.env): ApiKeyStore {
  const entries: Array<Principal & { key: string }> = [];
  if (env.PATCHPROOF_API_KEYS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.PATCHPROOF_API_KEYS);
    } catch {
      throw new Error('PATCHPROOF_API_KEYS: must be a JSON array of {name, role, key, tenantId?}');
    }
    if (!Array.isArray(parsed)) throw new Error('PATCHPROOF_API_KEYS: must be a JSON array');
    parsed.forEach((entry: Record<string, unknown>, index) => {
      if (typeof entry?.name !== 'string' || typeof entry.key !== 'string') throw new Error(`PATCHPROOF_API_KEYS[${index}]: name and key must be strings`);
      if (!ROLES.includes(entry.role as Role)) throw new Error(`PATCHPROOF_API_KEYS[${index}].role: must be one of ${ROLES.join(', ')}`);
      if (entry.role === 'tenant' && typeof entry.tenantId !== 'string') throw new Error(`PATCHPROOF_API_KEYS[${index}].tenantId: required for role tenant`);
      entries.push({ name: entry.name, role: entry.role as Role, key: entry.key, tenantId: entry.tenantId as string | undefined });
    });
  }
  if (env.PATCHPROOF_BOOTSTRAP_KEY) entries.push({ name: 'bootstrap', role: 'operator', key: env.PATCHPROOF_BOOTSTRAP_KEY });
  return new ApiKeyStore(entries);
}
