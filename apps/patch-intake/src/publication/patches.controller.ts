import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import type { Response } from 'express';
import { ListPatchesQuery } from './dto/list-patches.query';
import { NativePatchDto } from './dto/patch.dto';
import { PatchSummaryView, PatchView, PublicationView } from './dto/publication.view';
import { PatchQueries } from './patch-queries.service';
import { publicationResponse } from './publication-response';
import { PublishDocumentHandler } from './publish-document.handler';

@ApiTags('patches')
@Controller('patches')
export class PatchesController {
  constructor(private readonly publish: PublishDocumentHandler, private readonly queries: PatchQueries) {}

  @Post()
  @Roles('publisher')
  @ApiOperation({ summary: 'Publish a patch (native schema); queues one run per subscribed tenant' })
  @ApiCreatedResponse({ type: PublicationView, description: 'Published; runs queued' })
  @ApiOkResponse({ type: PublicationView, description: 'This patch id was published before; nothing new (runsCreated 0)' })
  @ApiBadRequestResponse({ description: '"field: problem" lines' })
  @ApiConflictResponse({ description: 'This patch id was published before with different content: "field: differs …" lines; nothing was written' })
  async create(@Body() body: NativePatchDto, @Res({ passthrough: true }) response: Response): Promise<PublicationView> {
    return publicationResponse(response, await this.publish.execute('native', body));
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Patches, newest first' })
  @ApiOkResponse({ type: [PatchSummaryView] })
  list(@Query() query: ListPatchesQuery): Promise<PatchSummaryView[]> {
    return this.queries.list(query.limit, query.offset);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A patch with its runs and their admission state' })
  @ApiOkResponse({ type: PatchView })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<PatchView> {
    return this.queries.get(id);
  }
}
