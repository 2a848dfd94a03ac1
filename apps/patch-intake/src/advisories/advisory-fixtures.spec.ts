import { AffectedPackage, PatchSpec } from '@patchproof/contracts';
import { isAffected } from '@patchproof/versioning';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { AdvisoryError } from './advisory-error';
import { advisoryToPatch } from './advisory-to-patch';
import { csafToPatch } from './csaf-to-patch';
import { osvToPatch } from './osv-to-patch';
import { validateNativePatch } from './validate-patch';

// Real advisories from /work/shared/fixtures/advisories (see SOURCES.md there), read in place:
// <repo root>/../shared/fixtures/advisories. Expected values were read from the files by hand.

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${__dirname}: cannot find the repository root`);
    dir = parent;
  }
  return dir;
}

const FIXTURES = path.resolve(repoRoot(), '..', 'shared', 'fixtures', 'advisories');

function fixture(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8'));
}

function fixtureFiles(folder: 'osv' | 'csaf'): string[] {
  const root = path.join(FIXTURES, folder);
  const entries = readdirSync(root, { withFileTypes: true });
  return entries.flatMap((entry) => {
    if (entry.isDirectory()) return readdirSync(path.join(root, entry.name)).map((file) => `${folder}/${entry.name}/${file}`);
    return entry.name.endsWith('.json') && entry.name !== 'schema.json' ? [`${folder}/${entry.name}`] : [];
  });
}

function pkg(ecosystem: string, name: string, fixedVersion: string): AffectedPackage {
  return { ecosystem, name, fixedVersion };
}

function errorsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AdvisoryError) return error.errors;
    throw error;
  }
  throw new Error('expected an AdvisoryError');
}

/** What a fixture must convert to; `packages` is the whole list unless `packageCount` is given. */
interface Converts {
  id: string;
  title: string;
  severity: PatchSpec['severity'];
  advisoryIds: string[];
  publishedAt: string;
  packages: AffectedPackage[];
  packageCount?: number;
}

type Expectation = { converts: Converts } | { fails: RegExp[] };

const ALMA_OPENSSH_94 = '8.7p1-38.el9_4.1';
const ALMA_HTTPD = '2.4.37-65.module_el8.10.0+3872+9b8ab21e.1';
const ALMA_PG = '16.4-1.module_el9.4.0+109+624ac33a';
const ALMA_MARIADB = '3:10.11.10-1.module_el9.5.0+135+c9657a87';
const ALMA_OPENSSH_10 = '9.9p1-11.el10.alma.1';
const NGINX_ALMA = '1:1.20.1-14.el9_2.1.alma.1';
const OPENSSH_JAMMY = '1:8.9p1-3ubuntu0.10';
const OPENSSH_NOBLE = '1:9.6p1-3ubuntu13.3';
const OPENSSH_BINARIES = [
  'openssh-client', 'openssh-client-dbgsym', 'openssh-server', 'openssh-server-dbgsym', 'openssh-sftp-server',
  'openssh-sftp-server-dbgsym', 'openssh-tests', 'openssh-tests-dbgsym', 'ssh', 'ssh-askpass-gnome', 'ssh-askpass-gnome-dbgsym',
];
const GIT_LFS = ['git-lfs', 'git-lfs-debuginfo', 'git-lfs-debugsource'];
const RHEL_86_STREAMS = ['rhel_aus', 'rhel_e4s', 'rhel_tus'].map((stream) => `Red Hat:${stream}:8.6::appstream`);
const GIT_LFS_PACKAGES = RHEL_86_STREAMS.flatMap((ecosystem) => GIT_LFS.map((name) => pkg(ecosystem, name, '0:2.13.3-3.el8_6.1')));

const OSV: Record<string, Expectation> = {
  'osv/almalinux/ALSA-2023:5453.json': { converts: {
    id: 'ALSA-2023:5453', title: 'Important: glibc security update', severity: 'high', publishedAt: '2023-10-05T00:00:00Z',
    advisoryIds: ['ALSA-2023:5453', 'CVE-2023-4911', 'CVE-2023-4527', 'CVE-2023-4806', 'CVE-2023-4813'],
    packageCount: 215,
    packages: [pkg('AlmaLinux:9', 'glibc', '2.34-60.el9_2.7'), pkg('AlmaLinux:9', 'glibc-langpack-en', '2.34-60.el9_2.7'), pkg('AlmaLinux:9', 'nss_hesiod', '2.34-60.el9_2.7')],
  } },
  'osv/almalinux/ALSA-2023:5711.json': { converts: {
    id: 'ALSA-2023:5711', title: 'Moderate: nginx security update', severity: 'medium', publishedAt: '2023-10-16T00:00:00Z',
    advisoryIds: ['ALSA-2023:5711', 'CVE-2023-44487'],
    packages: ['nginx', 'nginx-all-modules', 'nginx-core', 'nginx-filesystem', 'nginx-mod-devel', 'nginx-mod-http-image-filter',
      'nginx-mod-http-perl', 'nginx-mod-http-xslt-filter', 'nginx-mod-mail', 'nginx-mod-stream'].map((name) => pkg('AlmaLinux:9', name, NGINX_ALMA)),
  } },
  'osv/almalinux/ALSA-2024:4312.json': { converts: {
    id: 'ALSA-2024:4312', title: 'Important: openssh security update', severity: 'high', publishedAt: '2024-07-03T00:00:00Z',
    advisoryIds: ['ALSA-2024:4312', 'CVE-2024-6387'],
    packages: [
      ...['openssh', 'openssh-askpass', 'openssh-clients', 'openssh-keycat', 'openssh-server'].map((name) => pkg('AlmaLinux:9', name, ALMA_OPENSSH_94)),
      pkg('AlmaLinux:9', 'pam_ssh_agent_auth', '0.10.4-5.38.el9_4.1'),
    ],
  } },
  'osv/almalinux/ALSA-2024:4720.json': { converts: {
    id: 'ALSA-2024:4720', title: 'Important: httpd:2.4 security update', severity: 'high', publishedAt: '2024-07-23T00:00:00Z',
    advisoryIds: ['ALSA-2024:4720', 'CVE-2024-38473', 'CVE-2024-38474', 'CVE-2024-38475', 'CVE-2024-38477', 'CVE-2024-39573'],
    packages: [
      ...['httpd', 'httpd-devel', 'httpd-filesystem', 'httpd-manual', 'httpd-tools'].map((name) => pkg('AlmaLinux:8', name, ALMA_HTTPD)),
      pkg('AlmaLinux:8', 'mod_http2', '1.15.7-10.module_el8.10.0+3832+564e7653'),
      pkg('AlmaLinux:8', 'mod_ldap', ALMA_HTTPD),
      // Two module builds of mod_md: both fixed versions are kept.
      pkg('AlmaLinux:8', 'mod_md', '1:2.0.8-8.module_el8.6.0+2872+fe0ff7aa'),
      pkg('AlmaLinux:8', 'mod_md', '1:2.0.8-8.module_el8.6.0+3031+fb177b09'),
      pkg('AlmaLinux:8', 'mod_proxy_html', `1:${ALMA_HTTPD}`),
      pkg('AlmaLinux:8', 'mod_session', ALMA_HTTPD),
      pkg('AlmaLinux:8', 'mod_ssl', `1:${ALMA_HTTPD}`),
    ],
  } },
  'osv/almalinux/ALSA-2024:5929.json': { converts: {
    id: 'ALSA-2024:5929', title: 'Important: postgresql:16 security update', severity: 'high', publishedAt: '2024-08-28T00:00:00Z',
    advisoryIds: ['ALSA-2024:5929', 'CVE-2024-4317', 'CVE-2024-7348'],
    packageCount: 18,
    packages: [
      pkg('AlmaLinux:9', 'pg_repack', '1.4.8-1.module_el9.4.0+66+eb9878bc'),
      pkg('AlmaLinux:9', 'postgres-decoderbufs', '2.4.0-1.Final.module_el9.4.0+66+eb9878bc'),
      pkg('AlmaLinux:9', 'postgresql', ALMA_PG),
      pkg('AlmaLinux:9', 'postgresql-server', ALMA_PG),
    ],
  } },
  'osv/almalinux/ALSA-2025:0912.json': { converts: {
    id: 'ALSA-2025:0912', title: 'Moderate: mariadb:10.11 security update', severity: 'medium', publishedAt: '2025-02-04T00:00:00Z',
    advisoryIds: ['ALSA-2025:0912', 'CVE-2024-21096'],
    packageCount: 15,
    packages: [pkg('AlmaLinux:9', 'galera', '26.4.20-1.module_el9.5.0+135+c9657a87'), pkg('AlmaLinux:9', 'mariadb', ALMA_MARIADB), pkg('AlmaLinux:9', 'mariadb-server', ALMA_MARIADB)],
  } },
  'osv/almalinux/ALSA-2025:20126.json': { converts: {
    id: 'ALSA-2025:20126', title: 'Moderate: openssh security update', severity: 'medium', publishedAt: '2025-11-11T00:00:00Z',
    advisoryIds: ['ALSA-2025:20126', 'CVE-2025-32728'],
    packages: ['openssh', 'openssh-askpass', 'openssh-clients', 'openssh-keycat', 'openssh-keysign', 'openssh-server'].map((name) => pkg('AlmaLinux:10', name, ALMA_OPENSSH_10)),
  } },
  'osv/alpine/CVE-2018-5407.json': { converts: {
    id: 'CVE-2018-5407',
    title: "Simultaneous Multi-threading (SMT) in processors can enable local users to exploit software vulnerable to timing attacks via a side-channel timing attack on 'port contention'.",
    // No summary or vendor rating: CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N scores 4.7.
    severity: 'medium', publishedAt: '2018-11-15T21:29:00Z', advisoryIds: ['CVE-2018-5407'],
    // The seventh affected entry is a GIT range of nodejs without a package: skipped.
    packages: ['v3.3', 'v3.4', 'v3.5', 'v3.6', 'v3.7', 'v3.8'].map((release) => pkg(`Alpine:${release}`, 'openssl', '1.0.2q-r0')),
  } },
  'osv/debian/DSA-3029-1.json': { converts: {
    id: 'DSA-3029-1', title: 'nginx - security update', severity: 'medium', publishedAt: '2014-09-20T00:00:00Z',
    advisoryIds: ['DSA-3029-1', 'CVE-2014-3616'],
    packages: [pkg('Debian:7', 'nginx', '1.2.1-2.2+wheezy3')],
  } },
  'osv/redhat/RHSA-2024_4546.json': { converts: {
    id: 'RHSA-2024:4546', title: 'Red Hat Security Advisory: git-lfs security update', severity: 'high', publishedAt: '2024-09-02T14:30:00Z',
    advisoryIds: ['RHSA-2024:4546', 'CVE-2023-45288', 'GO-2024-2687'],
    packages: GIT_LFS_PACKAGES,
  } },
  'osv/rockylinux/RLSA-2021_3891.json': { converts: {
    // "Important:" (the vendor's rating) wins over the CVSS vector in severity[] (6.8, medium).
    id: 'RLSA-2021:3891', title: 'Important: java-11-openjdk security update', severity: 'high', publishedAt: '2021-10-20T12:41:00Z',
    advisoryIds: ['RLSA-2021:3891', 'CVE-2021-35550', 'CVE-2021-35556', 'CVE-2021-35559', 'CVE-2021-35561', 'CVE-2021-35564',
      'CVE-2021-35565', 'CVE-2021-35567', 'CVE-2021-35578', 'CVE-2021-35586', 'CVE-2021-35603'],
    packages: [pkg('Rocky Linux:8', 'java-11-openjdk', '1:11.0.13.0.8-1.el8_4')],
  } },
  'osv/rockylinux/RLSA-2024_3671.json': { converts: {
    id: 'RLSA-2024:3671', title: 'Moderate: ruby:3.3 security, bug fix, and enhancement update', severity: 'medium', publishedAt: '2024-06-14T14:00:40.182624Z',
    advisoryIds: ['RLSA-2024:3671', 'CVE-2024-27280', 'CVE-2024-27281', 'CVE-2024-27282'],
    packages: [
      pkg('Rocky Linux:9', 'ruby', '0:3.3.1-2.module+el9.4.0+20787+4c237fd3'),
      pkg('Rocky Linux:9', 'rubygem-mysql2', '0:0.5.5-1.module+el9.4.0+20787+4c237fd3'),
      pkg('Rocky Linux:9', 'rubygem-pg', '0:1.5.4-1.module+el9.4.0+20787+4c237fd3'),
    ],
  } },
  // Every affected entry is {"introduced": "0"} only: Ubuntu has not fixed it anywhere.
  'osv/ubuntu/UBUNTU-CVE-2016-20013.json': { fails: [/^affected\[\]\.ranges\[\]\.events\[\]\.fixed: none of the 30 affected entries has a "fixed" event/] },
  'osv/ubuntu/USN-4705-1.json': { converts: {
    // No record-level rating; Ubuntu's per-CVE priorities in database_specific.cves_map are "high" and "low".
    id: 'USN-4705-1', title: 'sudo vulnerabilities', severity: 'high', publishedAt: '2021-01-26T18:48:16Z',
    advisoryIds: ['USN-4705-1', 'UBUNTU-CVE-2021-3156', 'UBUNTU-CVE-2021-23239'],
    packages: [
      ['Ubuntu:16.04:LTS', '1.8.16-0ubuntu1.10'], ['Ubuntu:18.04:LTS', '1.8.21p2-3ubuntu1.4'], ['Ubuntu:20.04:LTS', '1.8.31-1ubuntu1.2'],
    ].flatMap(([ecosystem, version]) => [pkg(ecosystem, 'sudo', version), pkg(ecosystem, 'sudo-ldap', version)]),
  } },
  'osv/ubuntu/USN-6859-1.json': { converts: {
    // The record carries no rating at all: the default severity applies.
    id: 'USN-6859-1', title: 'openssh vulnerability', severity: 'medium', publishedAt: '2024-07-01T09:06:31.434165Z',
    advisoryIds: ['USN-6859-1', 'UBUNTU-CVE-2024-6387'],
    packages: [
      ...OPENSSH_BINARIES.map((name) => pkg('Ubuntu:22.04:LTS', name, OPENSSH_JAMMY)),
      ...OPENSSH_BINARIES.map((name) => pkg('Ubuntu:24.04:LTS', name, OPENSSH_NOBLE)),
    ],
  } },
};

const BIND = '32:9.8.2-0.68.rc1.el6_10.17';

const CSAF: Record<string, Expectation> = {
  'csaf/rhsa-2025_23414.json': { converts: {
    id: 'RHSA-2025:23414', title: 'Red Hat Security Advisory: bind security update', severity: 'high', publishedAt: '2025-12-17T00:17:06+00:00',
    advisoryIds: ['RHSA-2025:23414', 'CVE-2021-25220', 'CVE-2025-40778'],
    // Only the products in product_status.fixed (bind-chroot, -devel, -debuginfo are known_not_affected);
    // both platforms have CPE cpe:/o:redhat:rhel_els:6, and arches collapse into one package each.
    packages: ['bind', 'bind-libs', 'bind-sdb', 'bind-utils'].map((name) => pkg('Red Hat:rhel_els:6', name, BIND)),
  } },
  'csaf/rhsa-2024_4546.json': { converts: {
    id: 'RHSA-2024:4546', title: 'Red Hat Security Advisory: git-lfs security update', severity: 'high', publishedAt: '2024-07-15T16:12:25+00:00',
    advisoryIds: ['RHSA-2024:4546', 'CVE-2023-45288'],
    packages: GIT_LFS_PACKAGES,
  } },
  // The OASIS example of a Red Hat advisory predates purls in Red Hat CSAF: no product names a package.
  'csaf/rhsa-2022_0011.json': { fails: [
    /^no installable packages/,
    /^7Server-7\.6\.AUS:telnet-1:0\.17-65\.el7_6\.src: product_tree\.branches\[0\]\.branches\[1\]\.branches\[0\]\.product\.product_identification_helper\.purl is missing/,
  ] },
  // BSI's example names its products by CPE only (a CSAF converter tool, not an OS package).
  'csaf/bsi-2022-0001.json': { fails: [
    /^no installable packages/,
    /^CSAFPID-0006: product_tree\.branches\[0\]\.branches\[0\]\.branches\[5\]\.product\.product_identification_helper\.purl is missing/,
  ] },
};

function expectConversion(patch: PatchSpec, expected: Converts, source: 'osv' | 'csaf'): void {
  expect(patch).toMatchObject({
    id: expected.id, title: expected.title, severity: expected.severity, source, advisoryIds: expected.advisoryIds, publishedAt: expected.publishedAt,
  });
  if (expected.packageCount === undefined) expect(patch.packages).toEqual(expected.packages);
  else {
    expect(patch.packages).toHaveLength(expected.packageCount);
    expect(patch.packages).toEqual(expect.arrayContaining(expected.packages));
  }
  expect(validateNativePatch(JSON.parse(JSON.stringify(patch)))).toEqual({ ok: true, patch: expect.any(PatchSpec) });
}

function checkFixture(file: string, expectation: Expectation, convert: (json: unknown) => PatchSpec, source: 'osv' | 'csaf'): void {
  if ('fails' in expectation) {
    const errors = errorsOf(() => convert(fixture(file)));
    expectation.fails.forEach((pattern) => expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(pattern)])));
    return;
  }
  expectConversion(convert(fixture(file)), expectation.converts, source);
}

describe('fixture files', () => {
  it('are all present, and each has an expectation below', () => {
    expect(existsSync(FIXTURES)).toBe(true);
    expect(fixtureFiles('osv').sort()).toEqual(Object.keys(OSV).sort());
    expect(fixtureFiles('csaf').sort()).toEqual(Object.keys(CSAF).sort());
  });
});

describe('osvToPatch on real OSV records', () => {
  it.each(Object.entries(OSV))('%s', (file, expectation) => checkFixture(file, expectation, (json) => osvToPatch(json), 'osv'));

  it('uses the caller\'s default severity when the record has no rating (USN-6859-1)', () => {
    expect(osvToPatch(fixture('osv/ubuntu/USN-6859-1.json'), { defaultSeverity: 'critical' }).severity).toBe('critical');
    expect(osvToPatch(fixture('osv/almalinux/ALSA-2024:4312.json'), { defaultSeverity: 'critical' }).severity).toBe('high');
  });

  it('gives fixed versions that the versioning lib orders after the vulnerable builds', () => {
    const patch = osvToPatch(fixture('osv/almalinux/ALSA-2024:4312.json'));
    const openssh = patch.packages.find((candidate) => candidate.name === 'openssh-server')!;
    expect(isAffected(openssh.ecosystem, '8.7p1-38.el9', openssh.fixedVersion)).toBe(true);
    expect(isAffected(openssh.ecosystem, '8.7p1-38.el9_4.1', openssh.fixedVersion)).toBe(false);
  });
});

describe('csafToPatch on real CSAF 2.0 documents', () => {
  it.each(Object.entries(CSAF))('%s', (file, expectation) => checkFixture(file, expectation, (json) => csafToPatch(json), 'csaf'));

  it('gives the same packages as the OSV conversion of the same advisory (RHSA-2024:4546)', () => {
    const fromCsaf = csafToPatch(fixture('csaf/rhsa-2024_4546.json'));
    const fromOsv = osvToPatch(fixture('osv/redhat/RHSA-2024_4546.json'));
    expect(fromCsaf.id).toBe(fromOsv.id);
    expect(new Set(fromCsaf.packages.map((p) => JSON.stringify(p)))).toEqual(new Set(fromOsv.packages.map((p) => JSON.stringify(p))));
  });
});

describe('advisoryToPatch on every fixture', () => {
  it.each([...Object.entries(OSV), ...Object.entries(CSAF)])('%s: detects the format and agrees with the direct converter', (file, expectation) => {
    const result = advisoryToPatch(readFileSync(path.join(FIXTURES, file), 'utf8'));
    expect(result.ok).toBe('converts' in expectation);
    if (result.ok && 'converts' in expectation) expect(result.patch.id).toBe(expectation.converts.id);
  });
});

/** Deterministic damage to a fixture: drop a field, change a type, or blank a string, at random depth. */
function damage(value: unknown, seed: number): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    containers.push(node as Record<string, unknown>);
    Object.values(node).forEach(walk);
  };
  walk(copy);
  const target = containers[seed % containers.length];
  const keys = Object.keys(target);
  if (keys.length === 0) return copy;
  const key = keys[(seed * 7) % keys.length];
  const replacements: unknown[] = [undefined, null, 42, 'x', '', [], {}, [1], true];
  const record = target as Record<string, unknown>;
  if (seed % 10 === 0) delete record[key];
  else record[key] = replacements[seed % replacements.length];
  return copy;
}

describe('malformed input never crashes', () => {
  const files = [...Object.keys(OSV), ...Object.keys(CSAF)].filter((file) => !file.includes('ALSA-2023:5453'));

  it.each(files)('%s with 200 damaged variants gives a patch or AdvisoryError, nothing else', (file) => {
    const original = fixture(file);
    const convert = file.startsWith('osv/') ? osvToPatch : csafToPatch;
    for (let seed = 1; seed <= 200; seed++) {
      const damaged = seed % 3 === 0 ? damage(damage(original, seed * 104729), seed * 7919) : damage(original, seed * 104729);
      try {
        convert(damaged);
      } catch (error) {
        if (!(error instanceof AdvisoryError)) throw new Error(`seed ${seed}: ${JSON.stringify(damaged).slice(0, 300)} → ${(error as Error).stack}`);
        expect(error).toBeInstanceOf(AdvisoryError);
        expect((error as AdvisoryError).errors.length).toBeGreaterThan(0);
      }
      expect(advisoryToPatch(damaged)).toHaveProperty('ok');
    }
  });
});
