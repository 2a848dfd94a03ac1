import {
  HostKeyMismatchError,
  InMemoryHostKeyStore,
  hostKeyFingerprint,
  publicKeyLineFingerprint,
  verifyHostKey,
} from './host-key';

// Public keys and the fingerprints `ssh-keygen -lf` printed for them (OpenSSH 9.2).
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBc39fsYkx2QMH4GDU+PCwT9T3dYRN6jKkMVq2W469qB test';
const ED25519_FP = 'SHA256:EsqiaGeLpG3NhLy/PqkHRv5bcmQuLYwi6pFKMGVWYB8';
const RSA =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDBs5Gv8yd5CeEr8OvzuMItxcZXBYR9+Wb1TRM0Te3xVBGoAqMgMEpCXj9FmdEQgzmQJJ2o5eiIgVRD5+vB+QNrfuStAE0dppMlQWPU2bGhDi+qL+ysiH4C/us7xuVxQykHpgm3TZ3ef3vw9GXrhK1npxm23EK6zZvEFDHd/9xhiQ== r';
const RSA_FP = 'SHA256:xmOVWHXzDKdssyCSvHkRZ6Cxgx6T3iFTMaP7vSlwsNM';

describe('host key fingerprints', () => {
  it('match ssh-keygen -lf for ed25519 and RSA keys', () => {
    expect(publicKeyLineFingerprint(ED25519)).toBe(ED25519_FP);
    expect(publicKeyLineFingerprint(RSA)).toBe(RSA_FP);
    expect(hostKeyFingerprint(Buffer.from(ED25519.split(' ')[1], 'base64'))).toBe(ED25519_FP);
  });

  it('are unpadded base64', () => {
    expect(hostKeyFingerprint(Buffer.from('x'))).not.toMatch(/=$/);
  });

  it('refuse a line that is not a public key', () => {
    expect(() => publicKeyLineFingerprint('ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIBc39fsYkx2QMH4GDU')).toThrow(/not an OpenSSH public key/);
    expect(() => publicKeyLineFingerprint('')).toThrow(/not an OpenSSH public key/);
  });
});

describe('verifyHostKey (trust on first use)', () => {
  it('records the first key, accepts it again and refuses another naming the VM and both keys', async () => {
    const store = new InMemoryHostKeyStore();
    await expect(verifyHostKey(store, 'vm-1', ED25519_FP)).resolves.toBe('recorded');
    await expect(verifyHostKey(store, 'vm-1', ED25519_FP)).resolves.toBe('pinned');
    const refusal = verifyHostKey(store, 'vm-1', RSA_FP);
    await expect(refusal).rejects.toBeInstanceOf(HostKeyMismatchError);
    await expect(refusal).rejects.toMatchObject({ vmId: 'vm-1', expectedFingerprint: ED25519_FP, actualFingerprint: RSA_FP });
    await expect(refusal).rejects.toThrow(new RegExp(`vm-1.*${escape(ED25519_FP)}.*${escape(RSA_FP)}`));
    expect(await store.get('vm-1')).toBe(ED25519_FP);
  });

  it('pins per VM', async () => {
    const store = new InMemoryHostKeyStore();
    await verifyHostKey(store, 'vm-1', ED25519_FP);
    await expect(verifyHostKey(store, 'vm-2', RSA_FP)).resolves.toBe('recorded');
  });

  it('lets exactly one of two racing first contacts win', async () => {
    const store = new InMemoryHostKeyStore();
    const outcomes = await Promise.allSettled([verifyHostKey(store, 'vm-1', ED25519_FP), verifyHostKey(store, 'vm-1', RSA_FP)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
