import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ArtifactChecksumError, ArtifactTooLargeError, FileArtifactStore } from './file-artifact-store';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const chunks = (data: Buffer) => Readable.from([data.subarray(0, 1000), data.subarray(1000)]);

describe('FileArtifactStore', () => {
  let dir: string;
  let store: FileArtifactStore;
  const content = randomBytes(5000);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patchproof-artifacts-'));
    store = new FileArtifactStore(join(dir, 'store'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores content under its sha256 when it is the declared one, and finds it again', async () => {
    expect(await store.locate(sha256(content))).toBeUndefined();
    expect(await store.put(chunks(content), sha256(content), 10_000)).toEqual({ sha256: sha256(content), bytes: 5000, created: true });
    const path = await store.locate(sha256(content));
    expect(path).toBe(join(dir, 'store', sha256(content)));
    expect(await readFile(path!)).toEqual(content);
    expect(await store.size(sha256(content))).toBe(5000);
  });

  it('is idempotent: the same content again is accepted and not rewritten', async () => {
    await store.put(chunks(content), sha256(content), 10_000);
    expect(await store.put(chunks(content), sha256(content), 10_000)).toMatchObject({ created: false });
    expect(await readdir(join(dir, 'store'))).toEqual([sha256(content)]);
  });

  it('keeps nothing of content whose sha256 is not the declared one', async () => {
    const declared = sha256(Buffer.from('something else'));
    const failure = store.put(chunks(content), declared, 10_000);
    await expect(failure).rejects.toBeInstanceOf(ArtifactChecksumError);
    await expect(failure).rejects.toMatchObject({ expected: declared, actual: sha256(content) });
    expect(await readdir(join(dir, 'store'))).toEqual([]);
  });

  it('stops reading past the size limit and keeps nothing', async () => {
    await expect(store.put(chunks(content), sha256(content), 4096)).rejects.toBeInstanceOf(ArtifactTooLargeError);
    expect(await readdir(join(dir, 'store'))).toEqual([]);
  });

  it('refuses anything but a sha256 as an address', async () => {
    await expect(store.locate('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});
