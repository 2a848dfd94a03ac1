import { AdvisoryError } from './advisory-error';
import { osvToPatch } from './osv-to-patch';

/** A minimal valid OSV record; `overrides` replace top-level fields. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'DSA-5000-1',
    modified: '2024-01-02T00:00:00Z',
    published: '2024-01-01T00:00:00Z',
    summary: 'openssl - security update',
    aliases: ['CVE-2024-0001'],
    affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.15-1~deb12u1' }] }] }],
    ...overrides,
  };
}

function affected(ecosystem: string, name: string, fixed: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }], ...extra };
}

function errors(input: unknown): readonly string[] {
  try {
    osvToPatch(input);
  } catch (error) {
    if (error instanceof AdvisoryError) return error.errors;
    throw error;
  }
  throw new Error('expected an AdvisoryError');
}

describe('osvToPatch', () => {
  it('maps a minimal record', () => {
    expect(osvToPatch(record())).toEqual({
      id: 'DSA-5000-1', title: 'openssl - security update', severity: 'medium', source: 'osv',
      advisoryIds: ['DSA-5000-1', 'CVE-2024-0001'], publishedAt: '2024-01-01T00:00:00Z',
      packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }],
    });
  });

  it('falls back to the first line of details, then the id, for the title; to modified for the date', () => {
    expect(osvToPatch(record({ summary: undefined, details: '\n  First line.\nSecond line.' })).title).toBe('First line.');
    const bare = osvToPatch(record({ summary: undefined, published: undefined }));
    expect(bare.title).toBe('DSA-5000-1');
    expect(bare.publishedAt).toBe('2024-01-02T00:00:00Z');
  });

  it('treats a blank summary as absent', () => {
    expect(osvToPatch(record({ summary: '  ', details: 'From details.' })).title).toBe('From details.');
  });

  it('truncates a summary longer than PatchSpec allows', () => {
    expect(osvToPatch(record({ summary: 'word '.repeat(200) })).title.length).toBeLessThanOrEqual(500);
  });

  it('keeps every fixed event of a package and the SEMVER ranges; skips GIT ranges', () => {
    const patch = osvToPatch(record({
      affected: [
        { package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.3' }, { introduced: '2.0.0' }, { fixed: '2.0.1' }] },
          { type: 'GIT', repo: 'https://example.org/x', events: [{ introduced: '0' }, { fixed: 'abcdef0' }] },
        ] },
      ],
    }));
    expect(patch.packages.map((p) => p.fixedVersion)).toEqual(['1.2.3', '2.0.1']);
  });

  it('removes duplicate packages', () => {
    const entry = affected('Debian:12', 'openssl', '3.0.15-1~deb12u1');
    expect(osvToPatch(record({ affected: [entry, entry] })).packages).toHaveLength(1);
  });

  describe('severity', () => {
    const cvss = (score: string) => ({ type: 'CVSS_V3', score });
    const critical = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

    it('prefers database_specific.severity', () => {
      expect(osvToPatch(record({ database_specific: { severity: 'LOW' }, severity: [cvss(critical)] })).severity).toBe('low');
    });

    it('then affected[].ecosystem_specific / database_specific severity (highest)', () => {
      const entries = [
        affected('Debian:12', 'a', '1.0-1', { ecosystem_specific: { severity: 'low' } }),
        affected('Debian:12', 'b', '1.0-1', { database_specific: { severity: 'Moderate' } }),
      ];
      expect(osvToPatch(record({ affected: entries, severity: [cvss(critical)] })).severity).toBe('medium');
    });

    it('then an Ubuntu priority, then a Red Hat summary prefix, then CVSS', () => {
      expect(osvToPatch(record({ severity: [cvss(critical), { type: 'Ubuntu', score: 'negligible' }] })).severity).toBe('low');
      expect(osvToPatch(record({ summary: 'Low: x update', severity: [cvss(critical)] })).severity).toBe('low');
      expect(osvToPatch(record({ severity: [cvss(critical)] })).severity).toBe('critical');
      expect(osvToPatch(record({ severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }] })).severity).toBe('high');
    });

    it('does not score CVSS v4 and falls back to the default', () => {
      const v4 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' };
      expect(osvToPatch(record({ severity: [v4] })).severity).toBe('medium');
      expect(osvToPatch(record({ severity: [v4] }), { defaultSeverity: 'high' }).severity).toBe('high');
    });
  });

  describe('errors name the field', () => {
    it.each([
      ['a non-object', 42, '(record): must be an object, got number 42'],
      ['a missing id', record({ id: undefined }), 'id: is missing (a string is required)'],
      ['aliases of the wrong type', record({ aliases: 'CVE-1' }), 'aliases: must be an array, got string "CVE-1"'],
      ['a withdrawn record', record({ withdrawn: '2024-02-01T00:00:00Z' }), 'withdrawn: the advisory was withdrawn on 2024-02-01T00:00:00Z; there is nothing to patch'],
      ['no affected packages', record({ affected: [] }), 'affected: lists no affected packages, so there is nothing to patch'],
      ['a bad published date', record({ published: 'yesterday' }), 'published: must be an ISO 8601 timestamp, got "yesterday"'],
      ['an unknown range type', record({ affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [{ type: 'DATE', events: [] }] }] }),
        'affected[0].ranges[0].type: must be ECOSYSTEM, SEMVER or GIT, got "DATE"'],
      ['a missing package', record({ affected: [{ ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1.0' }] }] }] }),
        'affected[0].package: is missing (an object is required)'],
      ['an empty fixed version', record({ affected: [affected('Debian:12', 'openssl', '')] }), 'affected[0].ranges[0].events[1].fixed: must not be empty'],
      ['a severity entry without score', record({ severity: [{ type: 'CVSS_V3' }] }), 'severity[0].score: is missing (a string is required)'],
    ])('%s', (_label, input, message) => {
      expect(errors(input)).toEqual([message]);
    });

    it('an unknown ecosystem', () => {
      expect(errors(record({ affected: [affected('PyPI', 'django', '4.2.1')] }))[0]).toMatch(/^affected\[0\]\.package\.ecosystem: unknown ecosystem "PyPI"/);
    });

    it('a fixed version that is invalid in its ecosystem', () => {
      expect(errors(record({ affected: [affected('Alpine:v3.18', 'openssl', '3.1.4-1')] }))).toEqual([
        expect.stringMatching(/^affected\[0\]\.ranges\[0\]\.events\[1\]\.fixed: apk version "3.1.4-1" is invalid/),
      ]);
    });

    it('no fixed event anywhere', () => {
      const unfixed = { package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] };
      expect(errors(record({ affected: [unfixed] }))).toEqual([
        'affected[].ranges[].events[].fixed: none of the 1 affected entries has a "fixed" event in an ECOSYSTEM or SEMVER range, so no fixed version exists to install',
      ]);
    });

    it('PatchSpec rules, reported at the input field the value came from', () => {
      expect(errors(record({ affected: [affected('Debian:12', '-bad name', '1.0-1')] }))).toEqual([
        'affected[0].package.name: name must be a package name (got "-bad name")',
      ]);
      expect(errors(record({ id: 'bad id with spaces' }))).toEqual([
        expect.stringMatching(/^id: id must be 1-128 letters/),
      ]);
    });

    it('a malformed Ubuntu binaries list', () => {
      const entry = affected('Ubuntu:22.04:LTS', 'openssh', '1:8.9p1-3ubuntu0.10', { ecosystem_specific: { binaries: [{ binary_version: '1' }] } });
      expect(errors(record({ affected: [entry] }))).toEqual(['affected[0].ecosystem_specific.binaries[0].binary_name: is missing (a string is required)']);
    });
  });
});
