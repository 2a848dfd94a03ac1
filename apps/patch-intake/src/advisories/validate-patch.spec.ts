import { PatchSpec } from '@patchproof/contracts';
import { advisoryToPatch, detectAdvisoryFormat } from './advisory-to-patch';
import { validateNativePatch } from './validate-patch';

const NATIVE = {
  id: 'NATIVE-2024-001', title: 'openssl 3.0.15 rollout', severity: 'high', source: 'native',
  advisoryIds: ['CVE-2024-5535'], publishedAt: '2024-09-03T12:00:00Z',
  packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }],
  artifacts: [{ fileName: 'openssl_3.0.15-1~deb12u1_amd64.deb', format: 'deb', sha256: 'a'.repeat(64) }],
};

describe('validateNativePatch', () => {
  it('accepts a valid patch as an object, JSON text or bytes', () => {
    for (const input of [NATIVE, JSON.stringify(NATIVE), Buffer.from(JSON.stringify(NATIVE))]) {
      const result = validateNativePatch(input);
      expect(result).toEqual({ ok: true, patch: NATIVE });
      expect(result.ok && result.patch).toBeInstanceOf(PatchSpec);
    }
  });

  it('names every field at fault', () => {
    const result = validateNativePatch({ ...NATIVE, severity: 'urgent', packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: 'not a version' }], extra: 1 });
    expect(result).toEqual({ ok: false, errors: expect.arrayContaining([
      'extra: property extra should not exist',
      expect.stringMatching(/^severity: severity must be one of the following values/),
      'packages.0.fixedVersion: fixedVersion must be a package version',
    ]) });
  });

  it.each([
    ['{not json', /^body: not JSON/],
    ['[1, 2]', /^body: must be a JSON object$/],
    ['null', /^body: must be a JSON object$/],
    ['{"packages": "openssl"}', /^packages: /],
  ])('rejects %j without throwing', (input, message) => {
    const result = validateNativePatch(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe('advisoryToPatch', () => {
  it('detects the format', () => {
    expect(detectAdvisoryFormat({ document: { csaf_version: '2.0' } })).toBe('csaf');
    expect(detectAdvisoryFormat({ id: 'DSA-1', modified: '2024-01-01T00:00:00Z' })).toBe('osv');
    expect(detectAdvisoryFormat(NATIVE)).toBe('native');
    expect(detectAdvisoryFormat({ hello: 'world' })).toBeUndefined();
  });

  it('validates native patches and reports unknown formats', () => {
    expect(advisoryToPatch(NATIVE)).toEqual({ ok: true, patch: NATIVE });
    expect(advisoryToPatch({ hello: 'world' })).toEqual({ ok: false, errors: ['body: neither a CSAF 2.0 document, an OSV record nor a native patch'] });
    expect(advisoryToPatch('{')).toEqual({ ok: false, errors: [expect.stringMatching(/^body: not JSON/)] });
  });

  it('returns conversion errors instead of throwing', () => {
    expect(advisoryToPatch({ id: 'DSA-1', modified: '2024-01-01T00:00:00Z', affected: [] })).toEqual({
      ok: false, errors: ['affected: lists no affected packages, so there is nothing to patch'],
    });
  });
});
