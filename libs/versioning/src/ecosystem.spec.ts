import { compareVersions, isValidVersion, osFamilyOfEcosystem, versionProblem, versionSchemeOfEcosystem } from './ecosystem';
import { UnknownEcosystemError } from './errors';

describe('versionSchemeOfEcosystem', () => {
  it.each([
    ['Debian:12', 'dpkg'], ['Debian', 'dpkg'], ['Ubuntu:22.04:LTS', 'dpkg'], ['Ubuntu:Pro:14.04:LTS', 'dpkg'],
    ['AlmaLinux:9', 'rpm'], ['Rocky Linux:8', 'rpm'], ['Red Hat:rhel_aus:8.6::appstream', 'rpm'], ['Red Hat:enterprise_linux:9::baseos', 'rpm'],
    ['SUSE:Linux Enterprise Server 15 SP5', 'rpm'], ['Alpine:v3.18', 'apk'], ['Wolfi', 'apk'],
    ['npm', 'semver'], ['Go', 'semver'], ['crates.io', 'semver'], ['Windows:Server 2022', 'windows'],
  ])('%s → %s', (ecosystem, scheme) => {
    expect(versionSchemeOfEcosystem(ecosystem)).toBe(scheme);
  });

  it('is case-insensitive on the ecosystem name', () => {
    expect(versionSchemeOfEcosystem('debian:12')).toBe('dpkg');
    expect(versionSchemeOfEcosystem('ROCKY LINUX:9')).toBe('rpm');
  });

  it('throws a clear error for an unknown ecosystem', () => {
    expect(() => versionSchemeOfEcosystem('PyPI')).toThrow(UnknownEcosystemError);
    expect(() => compareVersions('Gentoo:stable', '1', '2')).toThrow(/unknown ecosystem "Gentoo:stable": supported ecosystems are Debian, Ubuntu, .*Alpine/);
    expect(() => versionSchemeOfEcosystem('')).toThrow(UnknownEcosystemError);
  });
});

describe('compareVersions', () => {
  it('uses dpkg order for Debian and Ubuntu', () => {
    expect(compareVersions('Debian:12', '15.8-0+deb12u1', '15.10-0+deb12u1')).toBe(-1);
    expect(compareVersions('Ubuntu:24.04:LTS', '1:9.6p1-3ubuntu13.3', '1:9.6p1-3ubuntu13')).toBe(1);
  });

  it('uses rpm order for RHEL rebuilds and Red Hat', () => {
    expect(compareVersions('AlmaLinux:9', '0:2.28-236.el9_4.1', '2.28-236.el9_4.1')).toBe(0);
    expect(compareVersions('Rocky Linux:9', '0:3.3.1-2.module+el9.4.0+20787+4c237fd3', '3.3.0-1.module+el9.4.0+20000+aaaaaaaa')).toBe(1);
    expect(compareVersions('Red Hat:rhel_els:6', '32:9.8.2-0.68.rc1.el6_10.17', '9.99-1.el6')).toBe(1);
  });

  it('uses apk order for Alpine and semver for npm', () => {
    expect(compareVersions('Alpine:v3.18', '3.1.4-r5', '3.1.4-r6')).toBe(-1);
    expect(compareVersions('npm', '1.0.0-rc.1', '1.0.0')).toBe(-1);
  });

  it('differs between schemes where it must: "1.0_rc1" vs "1.0"', () => {
    expect(compareVersions('Alpine:v3.18', '1.0_rc1', '1.0')).toBe(-1);
    expect(compareVersions('Debian:12', '1.0_rc1', '1.0')).toBe(1);
    expect(compareVersions('AlmaLinux:9', '1.0_rc1', '1.0')).toBe(1);
  });
});

describe('osFamilyOfEcosystem', () => {
  it.each([
    ['Debian:12', 'debian'], ['Ubuntu:22.04:LTS', 'debian'], ['AlmaLinux:9', 'rhel'], ['Rocky Linux:8', 'rhel'],
    ['Red Hat:rhel_aus:8.6::appstream', 'rhel'], ['Alpine:v3.18', 'alpine'], ['Windows:Server 2022', 'windows'],
    ['npm', 'unknown'], ['SUSE:Linux Enterprise Server 15', 'unknown'], ['PyPI', 'unknown'], ['', 'unknown'],
  ])('%s → %s', (ecosystem, family) => {
    expect(osFamilyOfEcosystem(ecosystem)).toBe(family);
  });
});

describe('versionProblem / isValidVersion', () => {
  it('explains why a version is invalid in its ecosystem', () => {
    expect(versionProblem('Debian:12', '1.0-1')).toBeUndefined();
    expect(versionProblem('Debian:12', '1.0-')).toBe('dpkg version "1.0-" is invalid: revision number is empty');
    expect(isValidVersion('Alpine:v3.18', '1.0.2q-r0')).toBe(true);
    expect(isValidVersion('Alpine:v3.18', '1.0.2-1')).toBe(false);
  });

  it('still throws for an unknown ecosystem', () => {
    expect(() => isValidVersion('PyPI', '1.0')).toThrow(UnknownEcosystemError);
  });
});
