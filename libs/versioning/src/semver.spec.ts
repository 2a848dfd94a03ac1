import { VersionSyntaxError } from './errors';
import { compareSemver } from './semver';

describe('compareSemver', () => {
  it('follows the precedence example of semver.org', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    expect([...ordered].reverse().sort(compareSemver)).toEqual(ordered);
  });

  it('compares the numeric core numerically', () => {
    expect(compareSemver('1.9.0', '1.10.0')).toBe(-1);
    expect(compareSemver('2.0.0', '1.99.99')).toBe(1);
    expect(compareSemver('18446744073709551616.0.0', '18446744073709551615.0.0')).toBe(1);
  });

  it('ignores build metadata and accepts a Go-style "v" prefix', () => {
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareSemver('v0.17.0', '0.17.0')).toBe(0);
    expect(compareSemver('v0.0.0-20240101000000-abcdefabcdef', 'v0.1.0')).toBe(-1);
  });

  it.each(['1.0', '01.0.0', '1.0.0-', '1.0.0-01', 'latest'])('rejects %j', (version) => {
    expect(() => compareSemver(version, '1.0.0')).toThrow(VersionSyntaxError);
  });
});
