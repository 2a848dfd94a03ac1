import { SecretBox, type SshCredentials } from '@patchproof/ssh';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const VAULT_DIR_ENV = 'PATCHPROOF_VAULT_DIR';
export const DEFAULT_VAULT_DIR = '/var/lib/patchproof/vault';
export const CREDENTIALS_REF = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** A login for a tenant's VMs, stored under the tenant's `credentialsRef`. */
export interface VmCredentials {
  username: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
}

export class CredentialVaultError extends Error {
  override readonly name = 'CredentialVaultError';
}

/** Where the platform keeps VM credentials; only the reference ever travels in events. */
export interface CredentialVault {
  get(ref: string): Promise<VmCredentials>;
  put(ref: string, credentials: VmCredentials): Promise<void>;
}

function assertRef(ref: string): void {
  if (typeof ref !== 'string' || !CREDENTIALS_REF.test(ref)) {
    throw new CredentialVaultError(`credentials ref must match ${CREDENTIALS_REF} (got ${JSON.stringify(String(ref).slice(0, 140))})`);
  }
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new CredentialVaultError(`credentials: ${field} must be a non-empty string when given`);
  return value;
}

/** Checks a credentials object (from a caller or decrypted from disk) field by field; never echoes a secret. */
export function validateCredentials(value: unknown): VmCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof record.username !== 'string' || !/^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$/.test(record.username)) {
    throw new CredentialVaultError('credentials: username must be a user name (letters, digits, ".", "_", "-")');
  }
  const credentials: VmCredentials = {
    username: record.username,
    privateKey: optionalText(record.privateKey, 'privateKey'),
    passphrase: optionalText(record.passphrase, 'passphrase'),
    password: optionalText(record.password, 'password'),
  };
  if (!credentials.privateKey && !credentials.password) throw new CredentialVaultError('credentials: a privateKey or a password is required');
  return credentials;
}

/** The SSH layer's form of stored credentials. */
export function toSshCredentials(credentials: VmCredentials): SshCredentials {
  const { username, privateKey, passphrase, password } = credentials;
  if (privateKey) return { username, privateKey, passphrase, password };
  if (password) return { username, password };
  throw new CredentialVaultError('credentials: a privateKey or a password is required');
}

/**
 * One file per ref in a directory, each the whole credentials JSON encrypted with SecretBox
 * (AES-256-GCM, key from PATCHPROOF_SECRET_KEY) and bound to its ref, so a file renamed to another
 * ref fails authentication. Files are 0600 in a 0700 directory. Every service on a host that reaches
 * VMs reads the same directory, like a mounted secret volume.
 */
export class FileCredentialVault implements CredentialVault {
  readonly #box: SecretBox;

  constructor(readonly dir: string, box: SecretBox) {
    this.#box = box;
  }

  /** The directory from PATCHPROOF_VAULT_DIR (or `dir`, or the default) and the key from PATCHPROOF_SECRET_KEY. */
  static fromEnvironment(dir?: string, env: NodeJS.ProcessEnv = process.env): FileCredentialVault {
    return new FileCredentialVault(dir || env[VAULT_DIR_ENV] || DEFAULT_VAULT_DIR, SecretBox.fromEnvironment(env));
  }

  async get(ref: string): Promise<VmCredentials> {
    assertRef(ref);
    let sealed: string;
    try {
      sealed = await readFile(this.fileOf(ref), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CredentialVaultError(`no credentials stored under ref "${ref}" in ${this.dir}`);
      throw error;
    }
    return validateCredentials(JSON.parse(this.#box.decrypt(sealed.trim(), contextOf(ref))));
  }

  async put(ref: string, credentials: VmCredentials): Promise<void> {
    assertRef(ref);
    const sealed = this.#box.encrypt(JSON.stringify(validateCredentials(credentials)), contextOf(ref));
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temporary = join(this.dir, `.${ref}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, `${sealed}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(temporary, 0o600);
      await rename(temporary, this.fileOf(ref));
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Never prints secrets or the key when logged or inspected. */
  toJSON(): { dir: string } {
    return { dir: this.dir };
  }

  private fileOf(ref: string): string {
    return join(this.dir, `${ref}.cred`);
  }
}

function contextOf(ref: string): string {
  return `patchproof-vault:${ref}`;
}

/** For tests and tools: credentials held in memory. */
export class InMemoryCredentialVault implements CredentialVault {
  private readonly entries = new Map<string, VmCredentials>();

  async get(ref: string): Promise<VmCredentials> {
    assertRef(ref);
    const found = this.entries.get(ref);
    if (!found) throw new CredentialVaultError(`no credentials stored under ref "${ref}"`);
    return found;
  }

  async put(ref: string, credentials: VmCredentials): Promise<void> {
    assertRef(ref);
    this.entries.set(ref, validateCredentials(credentials));
  }
}
