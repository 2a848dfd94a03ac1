import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { DeleteTenantHandler } from './delete-tenant.handler';
import { DeletedTenantView, ReplaceTenantDto, TenantDto, TenantView } from './dto/tenant.dto';
import { RegisterTenantHandler } from './register-tenant.handler';
import { ReplaceTenantHandler } from './replace-tenant.handler';
import { TenantQueries } from './tenant-queries.service';

/** Tenants: operators write, viewers read. */
@ApiTags('tenants')
@Controller('tenants')
export class TenantsController {
  constructor(
    private readonly register: RegisterTenantHandler,
    private readonly replace: ReplaceTenantHandler,
    private readonly remove: DeleteTenantHandler,
    private readonly queries: TenantQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a tenant' })
  @ApiCreatedResponse({ type: TenantView })
  @ApiConflictResponse({ description: 'A tenant with this id exists' })
  create(@Body() body: TenantDto): Promise<TenantView> {
    return this.register.execute(body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'All tenants' })
  @ApiOkResponse({ type: [TenantView] })
  list(): Promise<TenantView[]> {
    return this.queries.list();
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One tenant' })
  @ApiOkResponse({ type: TenantView })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<TenantView> {
    return this.queries.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a tenant\'s spec (all but the id); queued runs keep their snapshot' })
  @ApiOkResponse({ type: TenantView })
  @ApiNotFoundResponse()
  update(@Param('id') id: string, @Body() body: ReplaceTenantDto): Promise<TenantView> {
    return this.replace.execute(id, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a tenant and its subscriptions; cancels its queued runs, admitted runs finish' })
  @ApiOkResponse({ type: DeletedTenantView })
  @ApiNotFoundResponse()
  delete(@Param('id') id: string): Promise<DeletedTenantView> {
    return this.remove.execute(id);
  }
}
