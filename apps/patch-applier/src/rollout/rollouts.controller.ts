import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { RunIdParams } from '../common/run-id.params';
import { RolloutView } from './dto/rollout.view';
import { GetRolloutHandler } from './get-rollout.handler';

@ApiTags('rollouts')
@Controller('rollouts')
export class RolloutsController {
  constructor(private readonly getRollout: GetRolloutHandler) {}

  @Get(':runId')
  @Roles('viewer')
  @ApiOperation({ summary: 'Whether a run\'s patch was rolled out to the tenant\'s real VMs, or why not' })
  @ApiOkResponse({ type: RolloutView })
  @ApiNotFoundResponse({ description: 'No rollout decision for this run (yet).' })
  get(@Param() params: RunIdParams): Promise<RolloutView> {
    return this.getRollout.execute(params.runId);
  }
}
