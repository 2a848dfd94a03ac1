import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { Page } from '../validation/page-query.dto';
import { CreateSoftwareDto, UpdateSoftwareDto } from './dto/catalog.dto';
import { SoftwareQueryDto } from './dto/software-query.dto';
import { SoftwareEntity } from './software.entity';
import { SoftwareService } from './software.service';

/** Software entries: operators write, viewers read. */
@ApiTags('catalog')
@Controller('catalog/software')
export class SoftwareController {
  constructor(private readonly software: SoftwareService) {}

  @Post()
  @ApiOperation({ summary: 'Define a software: its group, version range and package patterns per OS family' })
  create(@Body() body: CreateSoftwareDto): Promise<SoftwareEntity> {
    return this.software.create(body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List software, optionally of one software group' })
  list(@Query() query: SoftwareQueryDto): Promise<Page<SoftwareEntity>> {
    return this.software.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One software' })
  get(@Param('id') id: string): Promise<SoftwareEntity> {
    return this.software.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a software entry' })
  update(@Param('id') id: string, @Body() body: UpdateSoftwareDto): Promise<SoftwareEntity> {
    return this.software.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a software no test uses (409 otherwise)' })
  remove(@Param('id') id: string): Promise<void> {
    return this.software.remove(id);
  }
}
