import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { badRequest } from '../validation/http-errors';
import { Page, PageQueryDto } from '../validation/page-query.dto';
import { TenantTestDto } from './dto/test-case.dto';
import { HttpDefinitionDto, SqlDefinitionDto, SshDefinitionDto, TcpDefinitionDto } from './dto/test-definition.dto';
import { TenantOwnerGuard } from './tenant-owner.guard';
import { TestCasesService, TestCaseView, TestScope } from './test-cases.service';
import { tenantTestSpec } from './test-versioning';

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The tenant's view of its tests; TenantOwnerGuard has checked that the key may act for it. */
function tenantScope(tenantId: string): TestScope & { kind: 'tenant' } {
  if (!TENANT_ID.test(tenantId)) throw badRequest(['tenantId: must be 1-63 lowercase letters, digits or "-"']);
  return { kind: 'tenant', tenantId };
}

/** A tenant's own application tests, bound to the tenant and optionally one VM; selected only for it. */
@ApiTags('tenant tests')
@Roles('tenant')
@UseGuards(TenantOwnerGuard)
@ApiExtraModels(SshDefinitionDto, HttpDefinitionDto, TcpDefinitionDto, SqlDefinitionDto)
@Controller('tenants/:tenantId/tests')
export class TenantTestsController {
  constructor(private readonly tests: TestCasesService) {}

  @Post()
  @ApiOperation({ summary: 'Register a test for this tenant (optionally for one VM by name)' })
  create(@Param('tenantId') tenantId: string, @Body() body: TenantTestDto, @CurrentPrincipal() principal: Principal): Promise<TestCaseView> {
    return this.tests.create(tenantTestSpec(body, tenantScope(tenantId).tenantId), undefined, principal.name);
  }

  @Get()
  @ApiOperation({ summary: 'The tenant\'s live tests (latest versions)' })
  list(@Param('tenantId') tenantId: string, @Query() query: PageQueryDto): Promise<Page<TestCaseView>> {
    return this.tests.list(query, tenantScope(tenantId));
  }

  @Get(':testId')
  @ApiOperation({ summary: 'One of the tenant\'s tests' })
  get(@Param('tenantId') tenantId: string, @Param('testId') testId: string): Promise<TestCaseView> {
    return this.tests.get(testId, tenantScope(tenantId));
  }

  @Put(':testId')
  @ApiOperation({ summary: 'Write the next version of one of the tenant\'s tests' })
  update(
    @Param('tenantId') tenantId: string, @Param('testId') testId: string, @Body() body: TenantTestDto, @CurrentPrincipal() principal: Principal,
  ): Promise<TestCaseView> {
    return this.tests.update(testId, tenantTestSpec(body, tenantId), principal.name, tenantScope(tenantId));
  }

  @Delete(':testId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop selecting one of the tenant\'s tests (versions are kept)' })
  remove(@Param('tenantId') tenantId: string, @Param('testId') testId: string): Promise<void> {
    return this.tests.remove(testId, tenantScope(tenantId));
  }
}
