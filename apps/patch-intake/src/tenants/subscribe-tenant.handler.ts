import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { randomUUID } from 'node:crypto';
import { queryRows } from '../database/sql';
import { SubscribeDto, SubscriptionView } from './dto/subscription.dto';
import { Subscription } from './subscription.entity';
import { subscriptionView } from './tenant-views';

/** Use case: subscribe a tenant to an ecosystem's patches; one subscription per tenant and ecosystem. */
@Injectable()
export class SubscribeTenantHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(tenantId: string, body: SubscribeDto): Promise<SubscriptionView> {
    return this.unitOfWork.run(null, async (tx) => {
      // FOR SHARE: a tenant deleted concurrently cannot be left with an orphan subscription.
      const tenants = await queryRows(tx.manager, 'SELECT id FROM patch_intake.tenant WHERE id = $1 FOR SHARE', [tenantId]);
      if (tenants.length === 0) throw new NotFoundException(`no tenant ${tenantId}`);
      const id = randomUUID();
      const inserted = await tx.manager.createQueryBuilder().insert().into(Subscription)
        .values({ id, tenantId, ecosystem: body.ecosystem, packages: body.packages ?? null })
        .orIgnore().returning(['id']).execute();
      if ((inserted.raw as unknown[]).length === 0) {
        throw new ConflictException(`tenant ${tenantId} is already subscribed to ${body.ecosystem}; delete that subscription to change it`);
      }
      return subscriptionView(await tx.manager.findOneByOrFail(Subscription, { id }));
    });
  }
}
