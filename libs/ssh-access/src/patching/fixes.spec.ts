import { PatchSpec } from '@patchproof/contracts';
import { fixesFor } from './fixes';

const patch = (packages: PatchSpec['packages']): PatchSpec => ({
  id: 'DSA-1', title: 't', severity: 'high', source: 'osv', advisoryIds: [], packages, publishedAt: '2026-01-01T00:00:00.000Z',
});

describe('fixesFor', () => {
  const debian12 = { family: 'debian' as const, name: 'Debian GNU/Linux', version: '12' };

  it('picks the ecosystem of the VM\'s distribution and release, one fix per package', () => {
    const fixes = fixesFor(patch([
      { ecosystem: 'Debian:11', name: 'openssl', fixedVersion: '1.1.1w-0+deb11u2' },
      { ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' },
      { ecosystem: 'Ubuntu:22.04', name: 'openssl', fixedVersion: '3.0.2-0ubuntu1.18' },
      { ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1' },
      { ecosystem: 'AlmaLinux:9', name: 'openssl', fixedVersion: '1:3.0.7-28.el9' },
      { ecosystem: 'npm', name: 'openssl', fixedVersion: '9.9.9' },
    ]), debian12);
    expect(fixes).toEqual([
      { name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1', ecosystem: 'Debian:12' },
      { name: 'openssl', fixedVersion: '3.0.15-1~deb12u1', ecosystem: 'Debian:12' },
    ]);
  });

  it('matches a point release by its major number and takes another release of the family when none fits', () => {
    expect(fixesFor(patch([{ ecosystem: 'Ubuntu:22.04', name: 'curl', fixedVersion: '7.81.0-1ubuntu1.16' }]), { family: 'debian', name: 'Ubuntu', version: '22.04' })).toHaveLength(1);
    expect(fixesFor(patch([{ ecosystem: 'Debian', name: 'curl', fixedVersion: '7.88.1-10+deb12u8' }]), debian12)).toEqual([{ name: 'curl', fixedVersion: '7.88.1-10+deb12u8', ecosystem: 'Debian' }]);
    expect(fixesFor(patch([{ ecosystem: 'AlmaLinux:9', name: 'curl', fixedVersion: '7.76.1-29.el9' }]), debian12)).toEqual([]);
  });
});
