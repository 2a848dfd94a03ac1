import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { Page, PageQueryDto } from '../validation/page-query.dto';
import { CreateFunctionGroupDto, UpdateFunctionGroupDto } from './dto/catalog.dto';
import { FunctionGroupEntity } from './function-group.entity';
import { FunctionGroupsService } from './function-groups.service';

/** Function groups: operators write, viewers read. */
@ApiTags('catalog')
@Controller('catalog/function-groups')
export class FunctionGroupsController {
  constructor(private readonly groups: FunctionGroupsService) {}

  @Post()
  @ApiOperation({ summary: 'Define a function group (OS, DB, Web, Mail, AppServer, ...)' })
  create(@Body() body: CreateFunctionGroupDto): Promise<FunctionGroupEntity> {
    return this.groups.create(body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List function groups' })
  list(@Query() query: PageQueryDto): Promise<Page<FunctionGroupEntity>> {
    return this.groups.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One function group' })
  get(@Param('id') id: string): Promise<FunctionGroupEntity> {
    return this.groups.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Rename or redescribe a function group' })
  update(@Param('id') id: string, @Body() body: UpdateFunctionGroupDto): Promise<FunctionGroupEntity> {
    return this.groups.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a function group no software group or test uses (409 otherwise)' })
  remove(@Param('id') id: string): Promise<void> {
    return this.groups.remove(id);
  }
}
