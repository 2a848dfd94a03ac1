import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('replaces secret-named fields at any depth and keeps the rest', () => {
    const out = redactSecrets({ user: 'root', password: 'hunter2', nested: [{ apiKey: 'k', host: 'vm1' }] });
    expect(out).toEqual({ user: 'root', password: REDACTED, nested: [{ apiKey: REDACTED, host: 'vm1' }] });
  });

  it('removes PEM private keys embedded in text', () => {
    const text = 'key: -----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY----- done';
    expect(redactSecrets(text)).toBe(`key: ${REDACTED} done`);
  });
});
