import { Subscription } from './subscription.entity';
import { TenantView } from './dto/tenant.dto';
import { SubscriptionView } from './dto/subscription.dto';
import { Tenant, tenantToSpec } from './tenant.entity';

export function tenantView(tenant: Tenant): TenantView {
  return { ...tenantToSpec(tenant), createdAt: tenant.createdAt.toISOString(), updatedAt: tenant.updatedAt.toISOString() };
}

export function subscriptionView(subscription: Subscription): SubscriptionView {
  const view: SubscriptionView = {
    id: subscription.id,
    tenantId: subscription.tenantId,
    ecosystem: subscription.ecosystem,
    createdAt: subscription.createdAt.toISOString(),
  };
  if (subscription.packages) view.packages = subscription.packages;
  return view;
}
