import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface SourceDigest {
  bytes: number;
  sha256: string;
}

/** Size and SHA-256 of a local file or buffer, read in a stream so large patch bundles never sit in memory. */
export async function digestSource(source: string | Buffer): Promise<SourceDigest> {
  if (Buffer.isBuffer(source)) return { bytes: source.length, sha256: createHash('sha256').update(source).digest('hex') };
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(source)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

export function openSource(source: string | Buffer): Buffer | Readable {
  return Buffer.isBuffer(source) ? source : createReadStream(source);
}

/** Refuses paths no remote command or SFTP request could carry faithfully. */
export function assertRemotePath(remotePath: string): void {
  if (typeof remotePath !== 'string' || remotePath === '') throw new Error('remote path must be a non-empty string');
  if (remotePath.includes('\0')) throw new Error('remote path contains a NUL byte');
}

export function assertFileMode(mode: number | undefined): void {
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o7777)) {
    throw new Error(`file mode must be an integer between 0 and 0o7777, got ${mode}`);
  }
}
