import { Controller, Get, Headers, Param, PayloadTooLargeException, Put, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import type { Request, Response } from 'express';
import { PatchIntakeConfig } from '../patch-intake.config';
import { ArtifactQueries } from './artifact-queries.service';
import { ArtifactParams, PatchIdParams } from './dto/artifact.params';
import { ArtifactView, PatchArtifactsView } from './dto/artifact.view';
import { UploadArtifactHandler } from './upload-artifact.handler';

const OCTET_STREAM = 'application/octet-stream';

@ApiTags('patches')
@Controller('patches/:id/artifacts')
export class ArtifactsController {
  constructor(private readonly upload: UploadArtifactHandler, private readonly queries: ArtifactQueries, private readonly config: PatchIntakeConfig) {}

  @Put(':fileName')
  @Roles('publisher')
  @ApiOperation({ summary: 'Upload a file the patch declares (raw body); stored only if its SHA-256 is the declared one' })
  @ApiConsumes(OCTET_STREAM)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ArtifactView, description: 'Stored' })
  @ApiOkResponse({ type: ArtifactView, description: 'Was stored before; nothing changed' })
  @ApiBadRequestResponse({ description: '"sha256: …" when the content is not the declared file' })
  @ApiNotFoundResponse({ description: 'No such patch, or it declares no file of that name' })
  async put(@Param() params: ArtifactParams, @Headers('content-type') contentType: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ArtifactView> {
    this.assertRawBody(contentType, request);
    const { artifact, created } = await this.upload.execute(params.id, params.fileName, request);
    response.status(created ? 201 : 200);
    return artifact;
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'The files a patch declares and which are stored' })
  @ApiOkResponse({ type: PatchArtifactsView })
  @ApiNotFoundResponse()
  list(@Param() params: PatchIdParams): Promise<PatchArtifactsView> {
    return this.queries.list(params.id);
  }

  private assertRawBody(contentType: string | undefined, request: Request): void {
    if (contentType?.split(';')[0].trim().toLowerCase() !== OCTET_STREAM) throw new UnsupportedMediaTypeException(`send the file as ${OCTET_STREAM}`);
    const length = Number(request.headers['content-length']);
    if (length > this.config.ARTIFACT_MAX_BYTES) throw new PayloadTooLargeException(`the file is larger than ARTIFACT_MAX_BYTES (${this.config.ARTIFACT_MAX_BYTES} bytes)`);
  }
}
