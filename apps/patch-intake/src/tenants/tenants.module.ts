import { Module } from '@nestjs/common';
import { DeleteTenantHandler } from './delete-tenant.handler';
import { RegisterTenantHandler } from './register-tenant.handler';
import { ReplaceTenantHandler } from './replace-tenant.handler';
import { SubscribeTenantHandler } from './subscribe-tenant.handler';
import { SubscriptionsController } from './subscriptions.controller';
import { TenantQueries } from './tenant-queries.service';
import { TenantsController } from './tenants.controller';
import { UnsubscribeTenantHandler } from './unsubscribe-tenant.handler';

@Module({
  controllers: [TenantsController, SubscriptionsController],
  providers: [RegisterTenantHandler, ReplaceTenantHandler, DeleteTenantHandler, SubscribeTenantHandler, UnsubscribeTenantHandler, TenantQueries],
})
export class TenantsModule {}
