import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { Page } from '../validation/page-query.dto';
import { CreateCatalogTestDto, TestListQueryDto, UpdateCatalogTestDto } from './dto/test-case.dto';
import { HttpDefinitionDto, SqlDefinitionDto, SshDefinitionDto, TcpDefinitionDto } from './dto/test-definition.dto';
import { TestCasesService, TestCaseView, TestScope } from './test-cases.service';
import { catalogTestSpec } from './test-versioning';

function catalogScope(principal: Principal): TestScope {
  return { kind: 'catalog', tenantTestsVisible: principal.role === 'operator' };
}

/** Provider test cases (function-group, software-group, software tiers): operators write, viewers read. */
@ApiTags('catalog')
@ApiExtraModels(SshDefinitionDto, HttpDefinitionDto, TcpDefinitionDto, SqlDefinitionDto)
@Controller('catalog/tests')
export class CatalogTestsController {
  constructor(private readonly tests: TestCasesService) {}

  @Post()
  @ApiOperation({ summary: 'Add a test case (version 1)' })
  create(@Body() body: CreateCatalogTestDto, @CurrentPrincipal() principal: Principal): Promise<TestCaseView> {
    return this.tests.create(catalogTestSpec(body), body.id, principal.name);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List the latest version of live test cases (tenant tests: operators only)' })
  list(@Query() query: TestListQueryDto, @CurrentPrincipal() principal: Principal): Promise<Page<TestCaseView>> {
    return this.tests.list(query, catalogScope(principal));
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'The latest version of a test case' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<TestCaseView> {
    return this.tests.get(id, catalogScope(principal));
  }

  @Get(':id/versions')
  @Roles('viewer')
  @ApiOperation({ summary: 'Every version of a test case, oldest first (also after deletion)' })
  versions(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<TestCaseView[]> {
    return this.tests.versions(id, catalogScope(principal));
  }

  @Get(':id/versions/:version')
  @Roles('viewer')
  @ApiOperation({ summary: 'One exact version of a test case (as a run\'s selection recorded it)' })
  version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @CurrentPrincipal() principal: Principal): Promise<TestCaseView> {
    return this.tests.version(id, version, catalogScope(principal));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Write version N+1 of a test case (an identical body writes nothing)' })
  update(@Param('id') id: string, @Body() body: UpdateCatalogTestDto, @CurrentPrincipal() principal: Principal): Promise<TestCaseView> {
    return this.tests.update(id, catalogTestSpec(body), principal.name, catalogScope(principal));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop selecting a test case; its versions are kept' })
  remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.tests.remove(id, catalogScope(principal));
  }
}
