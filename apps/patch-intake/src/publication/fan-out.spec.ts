import { PatchSpec, Severity, TenantSpec } from '@patchproof/contracts';
import { matchTenants, patchEcosystems, SubscriptionCandidate } from './fan-out';

function tenant(id: string, minSeverity: Severity = 'low'): TenantSpec {
  return { id, name: id, provider: 'fake', environmentRef: `${id}-prod`, policy: { minSeverity, autoApply: false, replicaRetention: 'delete' } };
}

function subscription(t: TenantSpec, ecosystem: string, packages: string[] | null = null): SubscriptionCandidate {
  return { tenant: t, ecosystem, packages };
}

const patch: PatchSpec = {
  id: 'DSA-1',
  title: 'openssl and curl',
  severity: 'high',
  source: 'native',
  advisoryIds: [],
  packages: [
    { ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' },
    { ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1' },
    { ecosystem: 'Ubuntu:22.04:LTS', name: 'curl', fixedVersion: '7.81.0-1ubuntu1.18' },
  ],
  publishedAt: '2025-01-15T10:00:00.000Z',
};

const ids = (tenants: TenantSpec[]) => tenants.map((t) => t.id);

describe('matchTenants (fan-out)', () => {
  it('lists the ecosystems a patch touches once each', () => {
    expect(patchEcosystems(patch)).toEqual(['Debian:12', 'Ubuntu:22.04:LTS']);
  });

  it('matches subscriptions to an ecosystem of the patch and nothing else', () => {
    const subs = [subscription(tenant('acme'), 'Debian:12'), subscription(tenant('globex'), 'Ubuntu:22.04:LTS'), subscription(tenant('initech'), 'Debian:11')];
    expect(ids(matchTenants(patch, subs))).toEqual(['acme', 'globex']);
  });

  it('compares ecosystems exactly, release included', () => {
    expect(matchTenants(patch, [subscription(tenant('acme'), 'debian:12'), subscription(tenant('globex'), 'Ubuntu:22.04')])).toEqual([]);
  });

  it('applies a package filter to the names of the patch in the subscribed ecosystem', () => {
    const subs = [
      subscription(tenant('acme'), 'Debian:12', ['libssl3', 'nginx']),
      subscription(tenant('globex'), 'Debian:12', ['nginx']),
      // curl is in the patch, but for Ubuntu: a Debian subscription to curl does not match.
      subscription(tenant('initech'), 'Debian:12', ['curl']),
    ];
    expect(ids(matchTenants(patch, subs))).toEqual(['acme']);
  });

  it('skips tenants whose minimum severity is above the patch\'s, and keeps those at or below it', () => {
    const subs = [
      subscription(tenant('acme', 'high'), 'Debian:12'),
      subscription(tenant('globex', 'critical'), 'Debian:12'),
      subscription(tenant('initech', 'none'), 'Debian:12'),
    ];
    expect(ids(matchTenants(patch, subs))).toEqual(['acme', 'initech']);
  });

  it('creates one run per tenant however many of its subscriptions match, ordered by tenant id', () => {
    const acme = tenant('acme');
    const subs = [subscription(tenant('zeta'), 'Debian:12'), subscription(acme, 'Debian:12'), subscription(acme, 'Ubuntu:22.04:LTS', ['curl'])];
    expect(ids(matchTenants(patch, subs))).toEqual(['acme', 'zeta']);
  });
});
