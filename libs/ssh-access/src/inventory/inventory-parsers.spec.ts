import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvCells, parseCsvRecords } from './csv';
import { parseDpkgInventory } from './dpkg-inventory';
import { parseOsRelease } from './os-release';
import { parseRpmInventory } from './rpm-inventory';
import { parseSsListening } from './ss-listening';
import { parseHotFixes, parseInstalledPrograms, parseWindowsInventory, parseWindowsListening, parseWindowsOs } from './windows-inventory';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseOsRelease', () => {
  it.each([
    ['debian12-os-release.txt', { family: 'debian', name: 'Debian GNU/Linux', version: '12' }],
    ['ubuntu2204-os-release.txt', { family: 'debian', name: 'Ubuntu', version: '22.04' }],
    ['rhel9-os-release.txt', { family: 'rhel', name: 'Red Hat Enterprise Linux', version: '9.4' }],
    ['almalinux9-os-release.txt', { family: 'rhel', name: 'AlmaLinux', version: '9.4' }],
    ['debian-testing-os-release.txt', { family: 'debian', name: 'Debian GNU/Linux', version: 'trixie' }],
  ])('reads %s', (file, expected) => {
    expect(parseOsRelease(fixture(file))).toEqual(expected);
  });

  it('falls back to ID_LIKE, then to unknown, and undoes quoting', () => {
    expect(parseOsRelease('ID=rocky\nNAME="Rocky \\"Green\\" Linux"\nVERSION_ID=9.3')).toEqual({ family: 'rhel', name: 'Rocky "Green" Linux', version: '9.3' });
    expect(parseOsRelease("ID=pop\nID_LIKE='ubuntu debian'\nNAME='Pop!_OS'\nVERSION_ID=22.04")).toEqual({ family: 'debian', name: 'Pop!_OS', version: '22.04' });
    expect(parseOsRelease('ID=alpine\nNAME="Alpine Linux"\nVERSION_ID=3.19.1')).toMatchObject({ family: 'alpine' });
    expect(parseOsRelease('ID=nixos\n# a comment\n')).toEqual({ family: 'unknown', name: 'nixos', version: 'unknown' });
  });
});

describe('parseDpkgInventory (dpkg-query -W on Debian 12)', () => {
  const packages = parseDpkgInventory(fixture('debian12-dpkg-query.txt'));

  it('keeps installed packages (ii, and hi when held) with version and architecture', () => {
    expect(packages).toContainEqual({ name: 'libssl3', version: '3.0.19-1~deb12u2', arch: 'amd64' });
    expect(packages).toContainEqual({ name: 'mariadb-server', version: '1:10.11.19-0+deb12u1', arch: 'amd64' });
    expect(packages).toContainEqual({ name: 'nginx', version: '1.22.1-9+deb12u3', arch: 'amd64' });
    expect(packages).toContainEqual({ name: 'tzdata', version: '2025b-0+deb12u2', arch: 'all' });
  });

  it('keeps both architectures of a multi-arch package', () => {
    expect(packages.filter((item) => item.name === 'libc6').map((item) => item.arch)).toEqual(['amd64', 'i386']);
  });

  it('drops removed (rc), unknown (un) and half-installed (iU) packages', () => {
    const names = packages.map((item) => item.name);
    expect(names).toContain('linux-image-6.1.0-37-amd64');
    expect(names).not.toContain('linux-image-6.1.0-18-amd64');
    expect(names).not.toContain('snapd');
    expect(names).not.toContain('python3-half');
    expect(packages).toHaveLength(19);
  });
});

describe('parseRpmInventory (rpm -qa --queryformat on RHEL 9.4)', () => {
  const packages = parseRpmInventory(fixture('rhel9-rpm-qa.txt'));

  it('writes versions without a zero epoch and keeps a real one', () => {
    expect(packages).toContainEqual({ name: 'openssl', version: '1:3.0.7-27.el9', arch: 'x86_64' });
    expect(packages).toContainEqual({ name: 'glibc', version: '2.34-100.el9_4.2', arch: 'x86_64' });
    expect(packages).toContainEqual({ name: 'mariadb-server', version: '3:10.5.22-1.el9_2', arch: 'x86_64' });
    expect(packages).toContainEqual({ name: 'tzdata', version: '2024a-1.el9', arch: 'noarch' });
  });

  it('keeps every installed kernel and drops the gpg-pubkey pseudo-packages', () => {
    expect(packages.filter((item) => item.name === 'kernel').map((item) => item.version)).toEqual(['5.14.0-362.24.1.el9_3', '5.14.0-427.13.1.el9_4']);
    expect(packages.map((item) => item.name)).not.toContain('gpg-pubkey');
    expect(packages).toHaveLength(17);
  });
});

describe('parseSsListening (ss -ltnpH)', () => {
  it('names each listening port by its first process, once per name and port, IPv4 and IPv6 merged', () => {
    expect(parseSsListening(fixture('debian12-ss-ltnpH.txt'))).toEqual([
      { name: 'sshd', port: 22 },
      { name: 'systemd-resolve', port: 53 },
      { name: 'nginx', port: 80 },
      { name: 'nginx', port: 443 },
      { name: 'unknown', port: 2049 },
      { name: 'mariadbd', port: 3306 },
      { name: 'postgres', port: 5432 },
      { name: 'apache2', port: 8080 },
    ]);
  });

  it('ignores lines that are not listening sockets', () => {
    expect(parseSsListening('State Recv-Q Send-Q Local Peer\n\nESTAB 0 0 10.0.0.2:22 10.0.0.1:50000 users:(("sshd",pid=1,fd=4))')).toEqual([]);
  });
});

describe('CSV', () => {
  it('reads quoted cells with doubled quotes, commas and line breaks, CRLF and a BOM', () => {
    expect(parseCsvCells('\uFEFFa,"b ""x"", c","multi\nline"\r\n,"",z\r\n').map((row) => row.map((cell) => cell.value))).toEqual([
      ['a', 'b "x", c', 'multi\nline'],
      ['', '', 'z'],
    ]);
    expect(parseCsvCells('1,,""\n')[0].map((cell) => cell.quoted)).toEqual([false, false, true]);
  });

  it('skips PowerShell 5.1\'s #TYPE line before the header', () => {
    expect(parseCsvRecords('#TYPE Selected.X\r\n"A","B"\r\n"1","2"\r\n')).toEqual([{ A: '1', B: '2' }]);
  });
});

describe('Windows Server 2022 inventory (PowerShell CSV)', () => {
  it('reads the OS caption and the full build with its update revision', () => {
    expect(parseWindowsOs(fixture('windows2022-os.csv'))).toEqual({ family: 'windows', name: 'Microsoft Windows Server 2022 Standard', version: '10.0.20348.2340' });
  });

  it('lists hotfixes by KB with their install date', () => {
    expect(parseHotFixes(fixture('windows2022-hotfixes.csv'))).toEqual([
      { name: 'KB5034439', version: '2024-01-09' },
      { name: 'KB5012170', version: '2022-08-09' },
      { name: 'KB5034278', version: '2024-01-09' },
      { name: 'KB5034129', version: '2024-01-09' },
    ]);
  });

  it('lists installed programs once, quotes undone, a missing version as unknown', () => {
    const programs = parseInstalledPrograms(fixture('windows2022-programs.csv'));
    expect(programs).toHaveLength(7);
    expect(programs).toContainEqual({ name: 'SQL Server 2019 Database Engine Services', version: '15.0.2000.5' });
    expect(programs).toContainEqual({ name: 'Microsoft SQL Server 2019 (64-bit)', version: 'unknown' });
    expect(programs).toContainEqual({ name: 'Contoso "Line of Business" App', version: '2.1.0' });
  });

  it('assembles the inventory with listening services by port', () => {
    const inventory = parseWindowsInventory('win-1', {
      os: fixture('windows2022-os.csv'), hotfixes: fixture('windows2022-hotfixes.csv'),
      programs: fixture('windows2022-programs.csv'), listening: fixture('windows2022-listening.csv'),
    });
    expect(inventory.packages).toHaveLength(11);
    expect(inventory.services).toEqual([
      { name: 'sshd', port: 22 }, { name: 'svchost', port: 135 }, { name: 'System', port: 445 }, { name: 'sqlservr', port: 1433 },
      { name: 'svchost', port: 3389 }, { name: 'System', port: 5985 }, { name: 'lsass', port: 49664 },
    ]);
    expect(parseWindowsListening('"LocalAddress","LocalPort","ProcessName"\r\n"::","not-a-port","x"\r\n')).toEqual([]);
  });
});
