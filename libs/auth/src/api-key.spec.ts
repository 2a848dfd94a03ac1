import { ApiKeyStore, apiKeysFromEnvironment } from './api-key';

describe('ApiKeyStore', () => {
  const store = new ApiKeyStore([
    { name: 'ops', role: 'operator', key: 'operator-key-0123456789' },
    { name: 'acme', role: 'tenant', tenantId: 'acme', key: 'tenant-key-0123456789' },
  ]);

  it('returns the principal of a known key and nothing for an unknown one', () => {
    expect(store.authenticate('operator-key-0123456789')).toEqual({ name: 'ops', role: 'operator', tenantId: undefined });
    expect(store.authenticate('tenant-key-0123456789')).toEqual({ name: 'acme', role: 'tenant', tenantId: 'acme' });
    expect(store.authenticate('operator-key-012345678')).toBeUndefined();
  });

  it('rejects short keys at configuration time', () => {
    expect(() => new ApiKeyStore([{ name: 'x', role: 'viewer', key: 'short' }])).toThrow(/at least 16/);
  });

  it('reads keys from the environment and names the field at fault', () => {
    const env = { PATCHPROOF_API_KEYS: JSON.stringify([{ name: 'v', role: 'viewer', key: 'viewer-key-0123456789' }]), PATCHPROOF_BOOTSTRAP_KEY: 'bootstrap-key-0123456789' };
    expect(apiKeysFromEnvironment(env).size).toBe(2);
    expect(() => apiKeysFromEnvironment({ PATCHPROOF_API_KEYS: '[{"name":"v","role":"root","key":"k"}]' })).toThrow(/\[0\]\.role/);
  });
});
