import { PatchSpec, severityRank, TenantSpec } from '@patchproof/contracts';

/** One subscription with the spec of the tenant that holds it. */
export interface SubscriptionCandidate {
  tenant: TenantSpec;
  ecosystem: string;
  /** null: every package of the ecosystem. */
  packages: readonly string[] | null;
}

/** The ecosystems a patch touches; only subscriptions to these can match. */
export function patchEcosystems(patch: PatchSpec): string[] {
  return [...new Set(patch.packages.map((affected) => affected.ecosystem))];
}

/**
 * Whether a subscription wants the patch: the patch fixes a package of the subscribed ecosystem
 * (one of the subscribed packages, when the subscription names any) and the patch is at least as
 * severe as the tenant's policy asks.
 */
export function subscriptionMatches(patch: PatchSpec, subscription: SubscriptionCandidate): boolean {
  if (severityRank(patch.severity) < severityRank(subscription.tenant.policy.minSeverity)) return false;
  const names = patch.packages.filter((affected) => affected.ecosystem === subscription.ecosystem).map((affected) => affected.name);
  if (names.length === 0) return false;
  const wanted = subscription.packages;
  return wanted === null || names.some((name) => wanted.includes(name));
}

/** The tenants a patch fans out to: one per tenant however many of its subscriptions match, by id. */
export function matchTenants(patch: PatchSpec, subscriptions: readonly SubscriptionCandidate[]): TenantSpec[] {
  const matched = new Map<string, TenantSpec>();
  for (const subscription of subscriptions) {
    if (subscriptionMatches(patch, subscription)) matched.set(subscription.tenant.id, subscription.tenant);
  }
  return [...matched.values()].sort((a, b) => a.id.localeCompare(b.id));
}
