import { configuredProviders, usesSsh } from './providers';

describe('configuredProviders', () => {
  it('accepts the simulation and the local provider', () => {
    expect(configuredProviders('fake')).toEqual(['fake']);
    expect(configuredProviders('fake,local')).toEqual(['fake', 'local']);
  });

  it('refuses an unknown provider instead of falling back to the simulation', () => {
    expect(() => configuredProviders('fake,openstack')).toThrow(/VM_ACCESS_PROVIDERS: unknown provider "openstack" \(available: fake, local\)/);
  });

  it('knows which providers are reached over SSH', () => {
    expect(usesSsh('fake')).toBe(false);
    expect(usesSsh('fake,local')).toBe(true);
  });
});
