import { SecretBox } from '@patchproof/ssh';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { CredentialVaultError, FileCredentialVault } from './credential-vault';

const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU-${randomBytes(8).toString('hex')}\n-----END OPENSSH PRIVATE KEY-----\n`;

describe('FileCredentialVault', () => {
  let dir: string;
  let vault: FileCredentialVault;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'patchproof-vault-')), 'vault');
    vault = new FileCredentialVault(dir, new SecretBox(randomBytes(32)));
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('stores credentials encrypted whole, one 0600 file per ref in a 0700 directory, and reads them back', async () => {
    await vault.put('acme-prod', { username: 'root', privateKey: KEY, password: 'hunter2-secret' });
    expect(await vault.get('acme-prod')).toEqual({ username: 'root', privateKey: KEY, password: 'hunter2-secret', passphrase: undefined });
    const files = await readdir(dir);
    expect(files).toEqual(['acme-prod.cred']);
    expect((await stat(join(dir, files[0]))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const sealed = await readFile(join(dir, files[0]), 'utf8');
    expect(sealed).toMatch(/^v1\./);
    for (const secret of ['root', 'hunter2', 'OPENSSH', 'username']) expect(sealed).not.toContain(secret);
  });

  it('replaces credentials under the same ref', async () => {
    await vault.put('acme-prod', { username: 'root', password: 'one' });
    await vault.put('acme-prod', { username: 'admin', password: 'two' });
    expect(await vault.get('acme-prod')).toMatchObject({ username: 'admin', password: 'two' });
  });

  it('binds each file to its ref: a file renamed to another ref fails authentication', async () => {
    await vault.put('acme-prod', { username: 'root', password: 'one' });
    await rename(join(dir, 'acme-prod.cred'), join(dir, 'other.cred'));
    await expect(vault.get('other')).rejects.toThrow(/failed authentication/);
  });

  it('cannot be read with another key', async () => {
    await vault.put('acme-prod', { username: 'root', password: 'one' });
    await expect(new FileCredentialVault(dir, new SecretBox(randomBytes(32))).get('acme-prod')).rejects.toThrow(/wrong key/);
  });

  it('refuses refs that are not plain names and credentials without a secret, never echoing one', async () => {
    for (const ref of ['../etc/passwd', 'Acme', '', '.hidden', 'a/b', 'x'.repeat(129)]) {
      await expect(vault.put(ref, { username: 'root', password: 'p' })).rejects.toBeInstanceOf(CredentialVaultError);
      await expect(vault.get(ref)).rejects.toBeInstanceOf(CredentialVaultError);
    }
    await expect(vault.put('acme', { username: 'root' })).rejects.toThrow('a privateKey or a password is required');
    await expect(vault.put('acme', { username: 'ro ot', password: 'topsecret' })).rejects.toThrow(/^((?!topsecret).)*$/);
  });

  it('says which ref is missing, and prints no secret when logged', async () => {
    await expect(vault.get('nobody')).rejects.toThrow(`no credentials stored under ref "nobody" in ${dir}`);
    await vault.put('acme-prod', { username: 'root', password: 'hunter2-secret' });
    expect(JSON.stringify(vault)).toBe(JSON.stringify({ dir }));
    expect(inspect(vault)).not.toMatch(/hunter2|#box/);
  });

  it('reads its directory from PATCHPROOF_VAULT_DIR and its key from PATCHPROOF_SECRET_KEY', async () => {
    const key = randomBytes(32).toString('base64');
    const fromEnv = FileCredentialVault.fromEnvironment(undefined, { PATCHPROOF_VAULT_DIR: dir, PATCHPROOF_SECRET_KEY: key });
    await fromEnv.put('env-ref', { username: 'root', password: 'x' });
    expect(await FileCredentialVault.fromEnvironment(dir, { PATCHPROOF_SECRET_KEY: key }).get('env-ref')).toMatchObject({ username: 'root' });
    expect(() => FileCredentialVault.fromEnvironment(dir, {})).toThrow(/PATCHPROOF_SECRET_KEY is not set/);
  });
});
