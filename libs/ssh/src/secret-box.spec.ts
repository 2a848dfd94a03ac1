import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SecretBox, SecretBoxError, safeEqual } from './secret-box';

const key = randomBytes(32);
const box = new SecretBox(key);

/** Flips one bit of one base64url part of a v1 ciphertext, keeping the format valid. */
function flipBit(ciphertext: string, partIndex: number): string {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[partIndex], 'base64url');
  bytes[0] ^= 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  it('round-trips text, including empty and non-ASCII secrets and PEM keys', () => {
    for (const plaintext of ['', 'hunter2', 'pässwörd 日本 😀', '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n']) {
      expect(box.decrypt(box.encrypt(plaintext))).toBe(plaintext);
    }
  });

  it('writes a versioned format with a fresh nonce each time', () => {
    const first = box.encrypt('same');
    const second = box.encrypt('same');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
    expect(first).not.toContain(Buffer.from('same').toString('base64url'));
  });

  it('names a wrong key as such', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(box.encrypt('secret'))).toThrow(SecretBoxError);
    expect(() => other.decrypt(box.encrypt('secret'))).toThrow(/wrong key/);
  });

  it.each([
    ['nonce', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('detects tampering with the %s', (_part, index) => {
    const ciphertext = box.encrypt('tamper me');
    expect(() => box.decrypt(flipBit(ciphertext, index))).toThrow(/failed authentication/);
  });

  it('detects a relabelled key id or a ciphertext moved to another context', () => {
    const ciphertext = box.encrypt('bound', 'vm-1');
    expect(box.decrypt(ciphertext, 'vm-1')).toBe('bound');
    expect(() => box.decrypt(ciphertext, 'vm-2')).toThrow(/failed authentication/);
    expect(() => box.decrypt(flipBit(ciphertext, 1))).toThrow(/wrong key/);
  });

  it('rejects malformed and unknown-version input clearly', () => {
    expect(() => box.decrypt('plaintext')).toThrow(/unsupported secret format/);
    expect(() => box.decrypt('v2.a.b.c.d')).toThrow(/unsupported secret format/);
    expect(() => box.decrypt('v1.a.b')).toThrow(/5 dot-separated parts/);
    expect(() => box.decrypt('v1.a.b.c.d')).toThrow(/bad nonce or tag length/);
  });

  it('never shows the key when inspected or serialised', () => {
    const shown = inspect(box, { showHidden: true, depth: 5 }) + JSON.stringify(box);
    expect(shown).not.toContain(key.toString('hex'));
    expect(shown).not.toContain(key.toString('base64'));
    expect(shown).not.toMatch(/<Buffer/);
  });
});

describe('SecretBox.fromEnvironment', () => {
  it('reads a 32-byte base64 key', () => {
    const fromEnv = SecretBox.fromEnvironment({ PATCHPROOF_SECRET_KEY: key.toString('base64') });
    expect(fromEnv.decrypt(box.encrypt('shared'))).toBe('shared');
  });

  it('rejects a missing, non-base64 or wrong-length key without echoing it', () => {
    expect(() => SecretBox.fromEnvironment({})).toThrow(/PATCHPROOF_SECRET_KEY is not set/);
    expect(() => SecretBox.fromEnvironment({ PATCHPROOF_SECRET_KEY: 'not base64 at all!' })).toThrow(/not valid base64/);
    const short = randomBytes(16).toString('base64');
    expect(() => SecretBox.fromEnvironment({ PATCHPROOF_SECRET_KEY: short })).toThrow(/must decode to 32 bytes, got 16/);
    try {
      SecretBox.fromEnvironment({ PATCHPROOF_SECRET_KEY: short });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('refuses a key that is not 32 bytes in the constructor', () => {
    expect(() => new SecretBox(randomBytes(31))).toThrow(/exactly 32 bytes/);
  });
});

describe('safeEqual', () => {
  it('compares strings and buffers of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual(Buffer.from('xyz'), 'xyz')).toBe(true);
  });
});
