import { compareDebian, parseDebianVersion } from './dpkg';
import { VersionSyntaxError } from './errors';

/** Each row: a < b in dpkg's order. Versions are real Debian/Ubuntu package versions unless noted. */
const ASCENDING: Array<[string, string, string]> = [
  ['mariadb, bookworm point releases', '1:10.11.6-0+deb12u1', '1:10.11.11-0+deb12u1'],
  ['postgresql-15, digit runs compare numerically', '15.8-0+deb12u1', '15.10-0+deb12u1'],
  ['tilde sorts before the end', '1.0~rc1', '1.0'],
  ['epoch wins over everything', '1:9.9', '2:1.0'],
  ['openssl backport (~deb12u) below the unstable upload', '3.0.15-1~deb12u1', '3.0.15-1'],
  ['openssl bookworm security updates', '3.0.11-1~deb12u2', '3.0.13-1~deb12u1'],
  ['openssh bookworm security updates', '1:9.2p1-2+deb12u2', '1:9.2p1-2+deb12u3'],
  ['glibc bookworm point releases', '2.36-9+deb12u4', '2.36-9+deb12u7'],
  ['nginx, a +debNuM revision after the plain one', '1.22.1-9', '1.22.1-9+deb12u1'],
  ['nginx wheezy security update (DSA-3029-1)', '1.2.1-2.2+wheezy2', '1.2.1-2.2+wheezy3'],
  ['openssh jammy (USN-6859-1): 10 > 6 numerically', '1:8.9p1-3ubuntu0.6', '1:8.9p1-3ubuntu0.10'],
  ['glibc jammy', '2.35-0ubuntu3.8', '2.35-0ubuntu3.13'],
  ['syslinux: ~git snapshot, revisions ubuntu1 < ubuntu3', '3:6.04~git20190206.bf6db5b4+dfsg1-3ubuntu1', '3:6.04~git20190206.bf6db5b4+dfsg1-3ubuntu3'],
  ['sudo bionic: letters inside upstream', '1.8.21p2-3ubuntu1.3', '1.8.21p2-3ubuntu1.4'],
  ['double tilde below single tilde (dpkg manual)', '1.0~~', '1.0~~a'],
  ['~~a below ~ (dpkg manual)', '1.0~~a', '1.0~'],
  ['letters sort after the end (dpkg manual)', '1.0', '1.0a'],
  ['letters sort before non-letters', '1.0a', '1.0+'],
  ['"+" sorts before "."', '1.0+1', '1.0.1'],
  ['a longer digit run is larger', '1.9', '1.10'],
  ['revision compared after upstream', '2.0-1', '2.0-2'],
  ['upstream may contain "-" when there is a revision', '1.0-1', '1.0-beta-1'],
  ['upstream may contain ":" after an epoch', '1:2:3-1', '1:2:4-1'],
  ['missing revision sorts like "" before a real one', '1.0', '1.0-1'],
];

/** Each row: a and b are equal in dpkg's order. */
const EQUAL: Array<[string, string]> = [
  ['1.0', '1.0-0'],
  ['0:1.0', '1.0'],
  ['1.01', '1.1'],
  ['1.0-00', '1.0-0'],
  ['00:1.0', '1.0'],
  ['1:10.11.6-0+deb12u1', '1:10.11.6-0+deb12u1'],
  [' 1.0 ', '1.0'],
];

describe('compareDebian', () => {
  it.each(ASCENDING)('%s: %s < %s', (_label, lower, higher) => {
    expect(compareDebian(lower, higher)).toBe(-1);
    expect(compareDebian(higher, lower)).toBe(1);
  });

  it.each(EQUAL)('%s equals %s', (a, b) => {
    expect(compareDebian(a, b)).toBe(0);
    expect(compareDebian(b, a)).toBe(0);
  });

  it('sorts the dpkg manual example in order: ~~ < ~~a < ~ < (nothing) < a', () => {
    const shuffled = ['1.0a', '1.0~', '1.0', '1.0~~a', '1.0~~'];
    expect([...shuffled].sort(compareDebian)).toEqual(['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a']);
  });

  it.each([
    ['', 'version string is empty'],
    ['1:', 'nothing after colon in version number'],
    ['a:1', 'epoch in version is not number'],
    [':1.0', 'epoch in version is empty'],
    ['1.0-', 'revision number is empty'],
    ['1:-1', 'version number is empty'],
    ['1.0 1', 'embedded spaces'],
    ['99999999999:1', 'epoch in version is too big'],
  ])('rejects %j like dpkg (%s)', (version, reason) => {
    expect(() => compareDebian(version, '1.0')).toThrow(VersionSyntaxError);
    expect(() => compareDebian('1.0', version)).toThrow(reason);
  });

  it('accepts what dpkg only warns about (no leading digit, unusual characters)', () => {
    expect(compareDebian('abc', '1.0')).toBe(1);
    expect(compareDebian('1.0_x', '1.0')).toBe(1);
  });
});

describe('parseDebianVersion', () => {
  it('splits at the first ":" and the last "-"', () => {
    expect(parseDebianVersion('1:10.11.6-0+deb12u1')).toEqual({ epoch: 1, upstream: '10.11.6', revision: '0+deb12u1' });
    expect(parseDebianVersion('2:1.0-beta-3')).toEqual({ epoch: 2, upstream: '1.0-beta', revision: '3' });
    expect(parseDebianVersion('15.8')).toEqual({ epoch: 0, upstream: '15.8', revision: '' });
  });
});
