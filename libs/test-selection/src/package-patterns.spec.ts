import { literalPrefix, upstreamVersion } from './package-patterns';

describe('literalPrefix', () => {
  it.each([
    ['^postgresql-[0-9]+$', 'postgresql-'],
    ['^mariadb-server(-[0-9.]+)?$', 'mariadb-server'],
    ['^nginx-(core|light)$', ''],
    ['^libfoo\\.so\\.1$', 'libfoo.so.1'],
    ['^php8?-fpm$', 'php'],
    ['^[a-z]+d$', ''],
    ['^apache2\\d$', 'apache2'],
  ])('%s → "%s"', (pattern, prefix) => {
    expect(literalPrefix(pattern)).toBe(prefix);
  });
});

describe('upstreamVersion', () => {
  it.each([
    ['debian', '15.8-0+deb12u1', '15.8'],
    ['debian', '1:10.11.6-0+deb12u1', '10.11.6'],
    ['debian', '1.22.1-9', '1.22.1'],
    ['debian', '12.4+deb12u5', '12.4+deb12u5'],
    ['rhel', '3:10.5.22-1.el9_2', '10.5.22'],
    ['alpine', '15.8-r0', '15.8'],
    ['unknown', '12.1.0.2', '12.1.0.2'],
  ] as const)('%s %s → %s', (family, version, upstream) => {
    expect(upstreamVersion(family, version)).toBe(upstream);
  });
});
