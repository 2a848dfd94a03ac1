import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { SubscriptionView } from './dto/subscription.dto';
import { TenantView } from './dto/tenant.dto';
import { Subscription } from './subscription.entity';
import { Tenant } from './tenant.entity';
import { subscriptionView, tenantView } from './tenant-views';

/** Reads of tenants and their subscriptions. */
@Injectable()
export class TenantQueries {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(): Promise<TenantView[]> {
    const tenants = await this.unitOfWork.repository(Tenant).find({ order: { id: 'ASC' } });
    return tenants.map(tenantView);
  }

  async get(id: string): Promise<TenantView> {
    return tenantView(await this.tenant(id));
  }

  async subscriptions(tenantId: string): Promise<SubscriptionView[]> {
    await this.tenant(tenantId);
    const subscriptions = await this.unitOfWork.repository(Subscription).find({ where: { tenantId }, order: { ecosystem: 'ASC' } });
    return subscriptions.map(subscriptionView);
  }

  private async tenant(id: string): Promise<Tenant> {
    const tenant = await this.unitOfWork.repository(Tenant).findOneBy({ id });
    if (!tenant) throw new NotFoundException(`no tenant ${id}`);
    return tenant;
  }
}
