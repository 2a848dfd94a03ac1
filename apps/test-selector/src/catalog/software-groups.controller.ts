import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { Page, PageQueryDto } from '../validation/page-query.dto';
import { CreateSoftwareGroupDto, UpdateSoftwareGroupDto } from './dto/catalog.dto';
import { SoftwareGroupsService, SoftwareGroupView } from './software-groups.service';

/** Software groups and their function groups: operators write, viewers read. */
@ApiTags('catalog')
@Controller('catalog/software-groups')
export class SoftwareGroupsController {
  constructor(private readonly groups: SoftwareGroupsService) {}

  @Post()
  @ApiOperation({ summary: 'Define a software group (PostgreSQL, MariaDB/MySQL, nginx, ...) and the function groups it serves' })
  create(@Body() body: CreateSoftwareGroupDto): Promise<SoftwareGroupView> {
    return this.groups.create(body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List software groups' })
  list(@Query() query: PageQueryDto): Promise<Page<SoftwareGroupView>> {
    return this.groups.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One software group' })
  get(@Param('id') id: string): Promise<SoftwareGroupView> {
    return this.groups.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a software group (its function groups included)' })
  update(@Param('id') id: string, @Body() body: UpdateSoftwareGroupDto): Promise<SoftwareGroupView> {
    return this.groups.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a software group no software or test uses (409 otherwise)' })
  remove(@Param('id') id: string): Promise<void> {
    return this.groups.remove(id);
  }
}
