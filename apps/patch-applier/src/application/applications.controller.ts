import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { RunIdParams } from '../common/run-id.params';
import { ApplicationView } from './dto/application.view';
import { GetApplicationHandler } from './get-application.handler';

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly getApplication: GetApplicationHandler) {}

  @Get(':runId')
  @Roles('viewer')
  @ApiOperation({ summary: 'How a run\'s patch was applied to its replica, VM by VM' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiNotFoundResponse({ description: 'The patch of this run has not been applied (yet).' })
  get(@Param() params: RunIdParams): Promise<ApplicationView> {
    return this.getApplication.execute(params.runId);
  }
}
