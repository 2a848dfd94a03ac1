import { compareApk, validateApkVersion } from './apk';
import { VersionSyntaxError } from './errors';

/** Each row: a < b in apk-tools' order. */
const ASCENDING: Array<[string, string, string]> = [
  ['openssl CVE-2018-5407 fix on Alpine v3.8 (letter after the patch level)', '1.0.2p-r0', '1.0.2q-r0'],
  ['-r revisions', '3.1.4-r5', '3.1.4-r6'],
  ['openssl 3.x point releases', '3.0.7-r2', '3.0.8-r0'],
  ['a revision above no revision', '1.0', '1.0-r1'],
  ['_rc below the release', '1.0_rc1', '1.0'],
  ['_p above the release', '1.0', '1.0_p1'],
  ['_p numbers compare numerically', '1.0_p9-r0', '1.0_p10-r0'],
  ['a further dotted number beats a letter', '1.0a', '1.0.1'],
  ['letters (2.3.0b-r1 < 2.3.0b-r2)', '2.3.0b-r1', '2.3.0b-r2'],
  ['a leading zero compares as a string ("02" < "1")', '1.02', '1.1'],
  ['leading-zero components as strings', '1.2.07.8', '1.2.12.04'],
  ['the first component is always numeric (1 < 006)', '1.06-r6', '006'],
  ['chained suffixes: _alpha_pre2 below _alpha', '0.1.0_alpha_pre2', '0.1.0_alpha'],
  ['suffix numbers', '0.1.0_alpha', '0.1.0_alpha2'],
  ['date-stamped _pre suffixes', '1.0.0_pre20191002222144-r0', '1.0.0_pre20210530193627-r0'],
  ['commit hashes compare as strings', '1.0~abc1-r0', '1.0~abd0-r0'],
  ['a commit hash above no hash', '1.0', '1.0~abc'],
];

describe('compareApk', () => {
  it.each(ASCENDING)('%s: %s < %s', (_label, lower, higher) => {
    expect(compareApk(lower, higher)).toBe(-1);
    expect(compareApk(higher, lower)).toBe(1);
  });

  it('orders every suffix: _alpha < _beta < _pre < _rc < none < _cvs < _svn < _git < _hg < _p', () => {
    const ordered = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p'];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareApk)).toEqual(ordered);
  });

  it.each([['1.0', '1.0'], ['2.16.1-r3', '2.16.1-r3'], ['1.0-r0', '1.0-r00']])('%s equals %s', (a, b) => {
    expect(compareApk(a, b)).toBe(0);
  });

  it.each(['', 'abc', '1.0bc', '1.0-1', '1.0_foo', '1.0.', '1.0a1', '1.0-r1_p1', '1.0~'])('rejects invalid version %j', (version) => {
    expect(() => validateApkVersion(version)).toThrow(VersionSyntaxError);
    expect(() => compareApk(version, '1.0')).toThrow('apk version');
  });
});
