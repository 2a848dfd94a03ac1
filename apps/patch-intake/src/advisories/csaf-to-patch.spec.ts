import { AdvisoryError } from './advisory-error';
import { csafToPatch } from './csaf-to-patch';

const PLATFORM = { name: 'RHEL 9', product: { name: 'RHEL 9 BaseOS', product_id: 'BaseOS-9', product_identification_helper: { cpe: 'cpe:/o:redhat:enterprise_linux:9::baseos' } } };

function component(id: string, purl?: string): Record<string, unknown> {
  const helper = purl ? { product_identification_helper: { purl } } : {};
  return { category: 'product_version', name: id, product: { name: id, product_id: id, ...helper } };
}

function relationship(componentId: string, platformId = 'BaseOS-9'): Record<string, unknown> {
  const id = `${platformId}:${componentId}`;
  return { category: 'default_component_of', product_reference: componentId, relates_to_product_reference: platformId, full_product_name: { name: id, product_id: id } };
}

/** A minimal CSAF 2.0 advisory: `components` on the RHEL 9 platform, all fixed by one CVE. */
function csaf(components: Array<Record<string, unknown>>, extra: { vulnerability?: Record<string, unknown>; document?: Record<string, unknown> } = {}): Record<string, unknown> {
  const ids = components.map((item) => (item.product as { product_id: string }).product_id);
  return {
    document: {
      category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Red Hat Security Advisory: openssl security update',
      publisher: { category: 'vendor', name: 'Red Hat Product Security', namespace: 'https://www.redhat.com' },
      tracking: { id: 'RHSA-2024:9999', initial_release_date: '2024-05-01T10:00:00+00:00', current_release_date: '2024-05-01T10:00:00+00:00', status: 'final', version: '1', revision_history: [] },
      ...extra.document,
    },
    product_tree: { branches: [{ category: 'vendor', name: 'Red Hat', branches: [PLATFORM, ...components] }], relationships: ids.map((id) => relationship(id)) },
    vulnerabilities: [{ cve: 'CVE-2024-0001', product_status: { fixed: ids.map((id) => `BaseOS-9:${id}`) }, ...extra.vulnerability }],
  };
}

const OPENSSL = component('openssl-1:3.0.7-27.el9.x86_64', 'pkg:rpm/redhat/openssl@3.0.7-27.el9?arch=x86_64&epoch=1');
const OPENSSL_LIBS = component('openssl-libs-1:3.0.7-27.el9.x86_64', 'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1');

function errors(input: unknown): readonly string[] {
  try {
    csafToPatch(input);
  } catch (error) {
    if (error instanceof AdvisoryError) return error.errors;
    throw error;
  }
  throw new Error('expected an AdvisoryError');
}

describe('csafToPatch', () => {
  it('maps purls on a Red Hat platform to "Red Hat:<cpe>" packages with epoch:version-release', () => {
    expect(csafToPatch(csaf([OPENSSL, OPENSSL_LIBS]))).toEqual({
      id: 'RHSA-2024:9999', title: 'Red Hat Security Advisory: openssl security update', severity: 'medium', source: 'csaf',
      advisoryIds: ['RHSA-2024:9999', 'CVE-2024-0001'], publishedAt: '2024-05-01T10:00:00+00:00',
      packages: [
        { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'openssl', fixedVersion: '1:3.0.7-27.el9' },
        { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'openssl-libs', fixedVersion: '1:3.0.7-27.el9' },
      ],
    });
  });

  it('uses epoch 0 when the purl has no epoch qualifier, and reads first_fixed too', () => {
    const noEpoch = component('openssl-0:3.0.7-27.el9.x86_64', 'pkg:rpm/redhat/openssl@3.0.7-27.el9?arch=x86_64');
    const document = csaf([noEpoch], { vulnerability: { product_status: { first_fixed: ['BaseOS-9:openssl-0:3.0.7-27.el9.x86_64'] } } });
    expect(csafToPatch(document).packages).toEqual([{ ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'openssl', fixedVersion: '0:3.0.7-27.el9' }]);
  });

  it('skips products that are not Red Hat RPMs when others are, and includes tracking aliases', () => {
    const container = component('ubi9/openssl', 'pkg:oci/openssl@sha256%3Aabc?repository_url=registry.access.redhat.com/ubi9');
    const patch = csafToPatch(csaf([OPENSSL, container], { document: { tracking: {
      id: 'RHSA-2024:9999', aliases: ['CVE-2024-0001', 'GHSA-xxxx'], initial_release_date: '2024-05-01T10:00:00+00:00',
    } } }));
    expect(patch.packages.map((p) => p.name)).toEqual(['openssl']);
    expect(patch.advisoryIds).toEqual(['RHSA-2024:9999', 'CVE-2024-0001', 'GHSA-xxxx']);
  });

  describe('severity', () => {
    const v3 = (vectorString: string, baseSeverity?: string) => ({ scores: [{ products: [], cvss_v3: { version: '3.1', vectorString, baseScore: 0, ...(baseSeverity ? { baseSeverity } : {}) } }] });

    it('takes aggregate_severity first', () => {
      const document = csaf([OPENSSL], { document: { aggregate_severity: { text: 'Low' } }, vulnerability: { threats: [{ category: 'impact', details: 'Critical' }] } });
      expect(csafToPatch(document).severity).toBe('low');
    });

    it('then the threats impact rating, then cvss_v3.baseSeverity, then the cvss_v3 vector', () => {
      expect(csafToPatch(csaf([OPENSSL], { vulnerability: { threats: [{ category: 'impact', details: 'Important' }], ...v3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CRITICAL') } })).severity).toBe('high');
      expect(csafToPatch(csaf([OPENSSL], { vulnerability: v3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'LOW') })).severity).toBe('low');
      expect(csafToPatch(csaf([OPENSSL], { vulnerability: v3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H') })).severity).toBe('critical');
    });
  });

  describe('errors', () => {
    it('"no installable packages" with the reason for each product', () => {
      const container = component('ubi9/openssl', 'pkg:oci/openssl@sha256%3Aabc');
      const bare = component('openssl-src');
      expect(errors(csaf([container, bare]))).toEqual([
        'no installable packages: no fixed product identifies a package this converter can install',
        'BaseOS-9:ubi9/openssl: pkg:oci/openssl@sha256%3Aabc is not a Red Hat RPM (only pkg:rpm/redhat/… is converted)',
        'BaseOS-9:openssl-src: product_tree.branches[0].branches[2].product.product_identification_helper.purl is missing, so the package to install is unknown',
      ]);
    });

    it('a package without a Red Hat platform', () => {
      const document = csaf([OPENSSL]);
      (document.vulnerabilities as Array<{ product_status: unknown }>)[0].product_status = { fixed: ['openssl-1:3.0.7-27.el9.x86_64'] };
      expect(errors(document)[1]).toMatch(/^openssl-1:3.0.7-27.el9.x86_64: no Red Hat platform CPE/);
    });

    it.each([
      ['not an object', [], '(document): must be an object, got an array'],
      ['another CSAF version', csaf([OPENSSL], { document: { csaf_version: '2.1' } }), 'document.csaf_version: must be "2.0", got "2.1"'],
      ['no tracking id', csaf([OPENSSL], { document: { tracking: { initial_release_date: '2024-05-01T10:00:00Z' } } }), 'document.tracking.id: is missing (a string is required)'],
      ['no fixed products', csaf([OPENSSL], { vulnerability: { product_status: { known_affected: ['x'] } } }),
        'vulnerabilities[].product_status.fixed: no vulnerability lists a fixed product, so there is nothing to install'],
      ['an undefined product id', csaf([OPENSSL], { vulnerability: { product_status: { fixed: ['nope'] } } }),
        'vulnerabilities[0].product_status.fixed[0]: product "nope" is not defined in product_tree'],
      ['a bad purl', csaf([component('x', 'rpm/redhat/x@1-1')]), 'product_tree.branches[0].branches[1].product.product_identification_helper.purl: a package URL starts with "pkg:"'],
      ['a bad date', csaf([OPENSSL], { document: { tracking: { id: 'RHSA-1', initial_release_date: 'soon' } } }),
        'document.tracking.initial_release_date: must be an ISO 8601 timestamp, got "soon"'],
    ])('%s', (_label, input, message) => {
      expect(errors(input)).toEqual([message]);
    });

    it('a product id defined twice', () => {
      expect(errors(csaf([OPENSSL, OPENSSL]))[0]).toMatch(/^product_tree\.branches\[0\]\.branches\[2\]\.product: product_id "openssl-1:3.0.7-27.el9.x86_64" is already defined at product_tree\.branches\[0\]\.branches\[1\]\.product$/);
    });
  });
});
