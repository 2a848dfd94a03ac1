import { VersionRangeSyntaxError, VersionSyntaxError } from './errors';
import { isAffected, parseVersionRange, satisfies } from './range';

describe('satisfies', () => {
  it('matches Debian versions against major-version ranges', () => {
    expect(satisfies('Debian:12', '15.8-0+deb12u1', '>=15 <16')).toBe(true);
    expect(satisfies('Debian:12', '15~rc1-1', '>=15 <16')).toBe(false);
    expect(satisfies('Debian:12', '16.1-1.pgdg120+1', '>=15 <16')).toBe(false);
    expect(satisfies('Debian:12', '16~beta1-1', '>=15 <16')).toBe(true);
  });

  it('respects epochs in ranges', () => {
    expect(satisfies('Debian:12', '1:10.11.6-0+deb12u1', '>=1:10.11 <1:10.12')).toBe(true);
    expect(satisfies('Debian:12', '1:10.11.11-0+deb12u1', '>=1:10.11 <1:10.12')).toBe(true);
    expect(satisfies('Debian:12', '1:10.12.1-1', '>=1:10.11 <1:10.12')).toBe(false);
    expect(satisfies('Debian:12', '10.11.6-1', '>=1:10.11 <1:10.12')).toBe(false);
  });

  it('matches RPM versions; a bound without release covers every release of that version', () => {
    expect(satisfies('AlmaLinux:9', '16.4-1.module_el9.4.0+109+624ac33a', '>=16 <17')).toBe(true);
    expect(satisfies('AlmaLinux:9', '17.0-1.el9', '>=16 <17')).toBe(false);
    expect(satisfies('Rocky Linux:9', '3:10.11.10-1.module_el9.5.0+135+c9657a87', '>=3:10.11 <3:10.12')).toBe(true);
    expect(satisfies('Red Hat:rhel_aus:8.6::appstream', '0:2.13.3-3.el8_6.1', '=2.13.3')).toBe(true);
  });

  it('matches everything with "*" or an empty range', () => {
    expect(satisfies('Alpine:v3.18', '3.1.4-r5', '*')).toBe(true);
    expect(satisfies('Alpine:v3.18', '3.1.4-r5', '')).toBe(true);
  });

  it('supports "=", "==", "!=", commas and "||" alternatives', () => {
    expect(satisfies('npm', '1.2.3', '=1.2.3')).toBe(true);
    expect(satisfies('npm', '1.2.3', '== 1.2.3')).toBe(true);
    expect(satisfies('npm', '1.2.3', '1.2.3')).toBe(true);
    expect(satisfies('npm', '1.2.3', '!=1.2.3')).toBe(false);
    expect(satisfies('npm', '1.2.3', '>=1.0.0, <2.0.0')).toBe(true);
    expect(satisfies('npm', '2.5.0', '<1.0.0 || >=2.0.0 <3.0.0')).toBe(true);
    expect(satisfies('npm', '1.5.0', '<1.0.0 || >=2.0.0 <3.0.0')).toBe(false);
  });

  it('accepts a parsed range', () => {
    const range = parseVersionRange('>=15 <16');
    expect(range.anyOf).toEqual([[{ operator: '>=', version: '15' }, { operator: '<', version: '16' }]]);
    expect(satisfies('Ubuntu:22.04:LTS', '15.6-0ubuntu0.23.10.1', range)).toBe(true);
  });

  it.each(['>=', '>= *', '1.0 ||', '|| 1.0', '>=1 <<2', '>=1 !2'])('rejects the malformed range %j', (range) => {
    expect(() => satisfies('Debian:12', '1.0', range)).toThrow(VersionRangeSyntaxError);
  });

  it('rejects a bound that is not a version of the ecosystem', () => {
    expect(() => satisfies('Alpine:v3.18', '1.0-r0', '>=1.0-1')).toThrow(VersionSyntaxError);
  });
});

describe('isAffected', () => {
  it('is true exactly when installed < fixed', () => {
    expect(isAffected('Ubuntu:22.04:LTS', '1:8.9p1-3ubuntu0.6', '1:8.9p1-3ubuntu0.10')).toBe(true);
    expect(isAffected('Ubuntu:22.04:LTS', '1:8.9p1-3ubuntu0.10', '1:8.9p1-3ubuntu0.10')).toBe(false);
    expect(isAffected('AlmaLinux:9', '8.7p1-38.el9', '8.7p1-38.el9_4.1')).toBe(true);
    expect(isAffected('Alpine:v3.8', '1.0.2q-r0', '1.0.2q-r0')).toBe(false);
    expect(isAffected('Alpine:v3.8', '1.0.2o-r2', '1.0.2q-r0')).toBe(true);
  });
});
