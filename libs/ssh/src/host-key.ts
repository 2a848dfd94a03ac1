import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint format: `SHA256:` + unpadded base64 of the SHA-256 of the public key blob. */
export function hostKeyFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Fingerprint of a public key line (`ssh-ed25519 AAAA… comment`), e.g. a host key reported by cloud-init. */
export function publicKeyLineFingerprint(line: string): string {
  const [type, encoded] = line.trim().split(/\s+/);
  const blob = Buffer.from(encoded ?? '', 'base64');
  const typeLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (typeLength < 0 || blob.subarray(4, 4 + typeLength).toString('latin1') !== type) {
    throw new Error('not an OpenSSH public key line ("<type> <base64 blob> [comment]")');
  }
  return hostKeyFingerprint(blob);
}

/** Where the platform pins each VM's host key; the production implementation is a database table. */
export interface HostKeyStore {
  get(vmId: string): Promise<string | undefined>;
  /** Insert-if-absent: must never replace a fingerprint already pinned for the VM (re-keying is an explicit admin act). */
  record(vmId: string, fingerprint: string): Promise<void>;
}

export class InMemoryHostKeyStore implements HostKeyStore {
  private readonly pins = new Map<string, string>();

  async get(vmId: string): Promise<string | undefined> {
    return this.pins.get(vmId);
  }

  async record(vmId: string, fingerprint: string): Promise<void> {
    if (!this.pins.has(vmId)) this.pins.set(vmId, fingerprint);
  }
}

export class HostKeyMismatchError extends Error {
  override readonly name = 'HostKeyMismatchError';

  constructor(
    readonly vmId: string,
    readonly expectedFingerprint: string,
    readonly actualFingerprint: string,
  ) {
    super(
      `host key of VM ${vmId} does not match the pinned key: expected ${expectedFingerprint}, ` +
        `server presented ${actualFingerprint}; refusing to connect (possible man-in-the-middle or re-imaged VM)`,
    );
  }
}

export type HostKeyVerdict = 'pinned' | 'recorded';

/**
 * Trust on first use: the first fingerprint seen for a VM is recorded, every later one must equal it.
 * The pin is read back after recording so two processes racing on a first contact agree on one key.
 */
export async function verifyHostKey(store: HostKeyStore, vmId: string, fingerprint: string): Promise<HostKeyVerdict> {
  const pinned = await store.get(vmId);
  if (pinned === undefined) {
    await store.record(vmId, fingerprint);
    const winner = await store.get(vmId);
    if (winner !== fingerprint) throw new HostKeyMismatchError(vmId, winner ?? '(none recorded)', fingerprint);
    return 'recorded';
  }
  if (pinned !== fingerprint) throw new HostKeyMismatchError(vmId, pinned, fingerprint);
  return 'pinned';
}
