import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import type { Response } from 'express';
import { PublicationView } from './dto/publication.view';
import { publicationResponse } from './publication-response';
import { PublishDocumentHandler } from './publish-document.handler';

/** Advisories in the formats vendors publish, converted to a patch and published like a native one. */
@ApiTags('patches')
@Controller('advisories')
@Roles('publisher')
export class AdvisoriesController {
  constructor(private readonly publish: PublishDocumentHandler) {}

  @Post('osv')
  @ApiOperation({ summary: 'Publish an OSV advisory (https://ossf.github.io/osv-schema/)' })
  @ApiBody({ schema: { type: 'object', description: 'An OSV JSON document' } })
  @ApiCreatedResponse({ type: PublicationView })
  @ApiOkResponse({ type: PublicationView, description: 'Published before; nothing new' })
  @ApiBadRequestResponse({ description: '"field: problem" lines naming the advisory\'s fields' })
  @ApiConflictResponse({ description: 'The patch id this advisory maps to was published before with different content; nothing was written' })
  async osv(@Body() document: unknown, @Res({ passthrough: true }) response: Response): Promise<PublicationView> {
    return publicationResponse(response, await this.publish.execute('osv', document));
  }

  @Post('csaf')
  @ApiOperation({ summary: 'Publish a CSAF 2.0 security advisory' })
  @ApiBody({ schema: { type: 'object', description: 'A CSAF 2.0 JSON document' } })
  @ApiCreatedResponse({ type: PublicationView })
  @ApiOkResponse({ type: PublicationView, description: 'Published before; nothing new' })
  @ApiBadRequestResponse({ description: '"field: problem" lines naming the advisory\'s fields' })
  @ApiConflictResponse({ description: 'The patch id this advisory maps to was published before with different content; nothing was written' })
  async csaf(@Body() document: unknown, @Res({ passthrough: true }) response: Response): Promise<PublicationView> {
    return publicationResponse(response, await this.publish.execute('csaf', document));
  }
}
