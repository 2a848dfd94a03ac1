import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const ARTIFACT_DIR_ENV = 'PATCHPROOF_ARTIFACT_DIR';
export const DEFAULT_ARTIFACT_DIR = '/var/lib/patchproof/artifacts';
const SHA256 = /^[0-9a-f]{64}$/;

/** Where patch files are found by their SHA-256 (what a PatchSpec's artifacts declare). */
export interface ArtifactStore {
  /** The local path of the content with this SHA-256, or undefined when it was not stored. */
  locate(sha256: string): Promise<string | undefined>;
}

export interface StoredArtifact {
  sha256: string;
  bytes: number;
  /** false when the same content was stored before (storing is idempotent). */
  created: boolean;
}

export class ArtifactChecksumError extends Error {
  override readonly name = 'ArtifactChecksumError';

  constructor(readonly expected: string, readonly actual: string) {
    super(`content has sha256 ${actual}, expected ${expected}`);
  }
}

export class ArtifactTooLargeError extends Error {
  override readonly name = 'ArtifactTooLargeError';

  constructor(readonly limit: number) {
    super(`content is larger than the limit of ${limit} bytes`);
  }
}

function assertSha256(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a SHA-256 (64 lowercase hex digits)`);
}

/** Hashes and counts what passes through, failing once more than `limit` bytes went by. */
class Digesting extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(new ArtifactTooLargeError(this.limit));
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * Content-addressed files: `<dir>/<sha256>`. Content is streamed to a temporary file while hashed and
 * renamed into place only when its hash is the one declared, so a reader never sees a partial or
 * wrong file. patch-intake writes (uploads), patch-applier reads: on one host they share the
 * directory (PATCHPROOF_ARTIFACT_DIR), across hosts it is a shared volume.
 */
export class FileArtifactStore implements ArtifactStore {
  constructor(readonly dir: string) {}

  static fromEnvironment(dir?: string, env: NodeJS.ProcessEnv = process.env): FileArtifactStore {
    return new FileArtifactStore(dir || env[ARTIFACT_DIR_ENV] || DEFAULT_ARTIFACT_DIR);
  }

  async locate(sha256: string): Promise<string | undefined> {
    assertSha256(sha256);
    const path = this.pathOf(sha256);
    return access(path).then(() => path, () => undefined);
  }

  /** Stores the stream's content if its SHA-256 is `expectedSha256`; throws ArtifactChecksumError (nothing kept) otherwise. */
  async put(content: Readable, expectedSha256: string, maxBytes: number): Promise<StoredArtifact> {
    assertSha256(expectedSha256);
    await mkdir(this.dir, { recursive: true, mode: 0o750 });
    const temporary = join(this.dir, `.incoming-${randomBytes(8).toString('hex')}`);
    try {
      const digest = new Digesting(maxBytes);
      await pipeline(content, digest, createWriteStream(temporary, { mode: 0o640, flags: 'wx' }));
      const actual = digest.hash.digest('hex');
      if (actual !== expectedSha256) throw new ArtifactChecksumError(expectedSha256, actual);
      const created = (await this.locate(actual)) === undefined;
      if (created) await rename(temporary, this.pathOf(actual));
      return { sha256: actual, bytes: digest.bytes, created };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async size(sha256: string): Promise<number | undefined> {
    const path = await this.locate(sha256);
    return path === undefined ? undefined : (await stat(path)).size;
  }

  private pathOf(sha256: string): string {
    return join(this.dir, sha256);
  }
}
