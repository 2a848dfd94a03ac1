import { PatchSpec } from '@patchproof/contracts';
import { changedPatchFields } from './changed-patch-fields';

const PATCH: PatchSpec = {
  id: 'DSA-1-1', title: 'openssl update', severity: 'high', source: 'native', advisoryIds: ['CVE-2024-1', 'CVE-2024-2'],
  packages: [{ ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1' }, { ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1' }],
  publishedAt: '2026-12-01T00:00:00.000Z',
};

describe('changedPatchFields', () => {
  it('finds nothing for the same content, in another order, published at another time', () => {
    const same: PatchSpec = { ...PATCH, advisoryIds: ['CVE-2024-2', 'CVE-2024-1'], packages: [...PATCH.packages].reverse(), publishedAt: '2026-12-02T00:00:00.000Z', artifacts: [] };
    expect(changedPatchFields(PATCH, same)).toEqual([]);
  });

  it('names each content field that differs', () => {
    const changed: PatchSpec = { ...PATCH, severity: 'critical', packages: [{ ...PATCH.packages[0], fixedVersion: '3.0.16-1' }, PATCH.packages[1]] };
    expect(changedPatchFields(PATCH, changed)).toEqual(['severity', 'packages']);
  });
});
