import { BadRequestException, Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { SubscribeDto, SubscriptionView } from './dto/subscription.dto';
import { SubscribeTenantHandler } from './subscribe-tenant.handler';
import { TenantQueries } from './tenant-queries.service';
import { UnsubscribeTenantHandler } from './unsubscribe-tenant.handler';

/** Which ecosystems' (and optionally which packages') patches a tenant gets runs for. */
@ApiTags('tenants')
@Controller('tenants/:id/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscribe: SubscribeTenantHandler,
    private readonly unsubscribe: UnsubscribeTenantHandler,
    private readonly queries: TenantQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe the tenant to an ecosystem\'s patches' })
  @ApiCreatedResponse({ type: SubscriptionView })
  @ApiNotFoundResponse({ description: 'No such tenant' })
  @ApiConflictResponse({ description: 'The tenant is already subscribed to this ecosystem' })
  create(@Param('id') tenantId: string, @Body() body: SubscribeDto): Promise<SubscriptionView> {
    return this.subscribe.execute(tenantId, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'The tenant\'s subscriptions' })
  @ApiOkResponse({ type: [SubscriptionView] })
  @ApiNotFoundResponse()
  list(@Param('id') tenantId: string): Promise<SubscriptionView[]> {
    return this.queries.subscriptions(tenantId);
  }

  @Delete(':subscriptionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End a subscription' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  delete(@Param('id') tenantId: string, @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string): Promise<void> {
    return this.unsubscribe.execute(tenantId, subscriptionId);
  }
}

function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${name}: must be a UUID`] }) });
}
