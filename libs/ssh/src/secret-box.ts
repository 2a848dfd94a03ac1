import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export const SECRET_KEY_ENV = 'PATCHPROOF_SECRET_KEY';

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/** Compares two secrets in constant time; hashing first keeps the length of either out of the timing too. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB);
}

/** A short public identifier of a key, so a ciphertext names the key it needs without revealing it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('patchproof-secret-box-key-id').update(key).digest('base64url').slice(0, 8);
}

function strictBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  const canonical = (value: string) => value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (canonical(bytes.toString('base64')) !== canonical(text.trim())) throw new SecretBoxError(`${what} is not valid base64`);
  return bytes;
}

/**
 * AES-256-GCM for credentials at rest. Ciphertext format: `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url parts).
 * The version and key id are authenticated as associated data, so a ciphertext can be neither re-labelled nor
 * truncated; an optional `context` (e.g. the VM id) binds a secret to the row it belongs to.
 */
export class SecretBox {
  // An ES private field, so logging or inspecting the box never prints the key.
  readonly #key: Buffer;
  private readonly keyId: string;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new SecretBoxError(`the secret key must be exactly ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
    this.keyId = keyIdOf(key);
  }

  /** Reads the key from PATCHPROOF_SECRET_KEY: 32 random bytes, base64 (`openssl rand -base64 32`). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): SecretBox {
    const encoded = env[SECRET_KEY_ENV];
    if (!encoded) throw new SecretBoxError(`${SECRET_KEY_ENV} is not set (generate one with: openssl rand -base64 32)`);
    const key = strictBase64(encoded, SECRET_KEY_ENV);
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`${SECRET_KEY_ENV} must decode to ${KEY_BYTES} bytes, got ${key.length}`);
    return new SecretBox(key);
  }

  encrypt(plaintext: string, context = ''): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.associatedData(this.keyId, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, nonce, body, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(ciphertext: string, context = ''): string {
    const { keyId, nonce, body, tag } = this.parse(ciphertext);
    if (keyId !== this.keyId) {
      throw new SecretBoxError(`secret was encrypted with key ${keyId}, but ${SECRET_KEY_ENV} is key ${this.keyId} (wrong key)`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(this.associatedData(keyId, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('secret failed authentication: it was tampered with, truncated, or belongs to another context');
    }
  }

  private associatedData(keyId: string, context: string): Buffer {
    return Buffer.from(JSON.stringify([VERSION, keyId, context]), 'utf8');
  }

  private parse(ciphertext: string): { keyId: string; nonce: Buffer; body: Buffer; tag: Buffer } {
    const parts = typeof ciphertext === 'string' ? ciphertext.split('.') : [];
    if (parts[0] !== VERSION) throw new SecretBoxError(`unsupported secret format (expected a "${VERSION}." ciphertext)`);
    if (parts.length !== 5) throw new SecretBoxError(`malformed ${VERSION} secret: expected 5 dot-separated parts, got ${parts.length}`);
    const [, keyId, nonce, body, tag] = parts;
    const decoded = { keyId, nonce: Buffer.from(nonce, 'base64url'), body: Buffer.from(body, 'base64url'), tag: Buffer.from(tag, 'base64url') };
    if (decoded.nonce.length !== NONCE_BYTES || decoded.tag.length !== TAG_BYTES) throw new SecretBoxError(`malformed ${VERSION} secret: bad nonce or tag length`);
    return decoded;
  }
}
