import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { Subscription } from './subscription.entity';

/** Use case: end one subscription of a tenant; runs already created are not affected. */
@Injectable()
export class UnsubscribeTenantHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(tenantId: string, subscriptionId: string): Promise<void> {
    await this.unitOfWork.run(null, async (tx) => {
      const deleted = await tx.manager.delete(Subscription, { id: subscriptionId, tenantId });
      if (!deleted.affected) throw new NotFoundException(`tenant ${tenantId} has no subscription ${subscriptionId}`);
    });
  }
}
