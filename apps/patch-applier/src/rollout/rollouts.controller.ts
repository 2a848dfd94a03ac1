import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { RunIdParams } from '../common/run-id.params';
import { RolloutDecisionDto } from './dto/rollout-decision.dto';
import { RolloutView } from './dto/rollout.view';
import { DecideRolloutHandler } from './decide-rollout.handler';
import { GetRolloutHandler } from './get-rollout.handler';

@ApiTags('rollouts')
@Controller('rollouts')
export class RolloutsController {
  constructor(private readonly getRollout: GetRolloutHandler, private readonly decide: DecideRolloutHandler) {}

  @Get(':runId')
  @Roles('viewer', 'tenant')
  @ApiOperation({ summary: 'Whether a run\'s patch was (or will be) rolled out to the tenant\'s real VMs, or why not; a tenant key sees its own runs only' })
  @ApiOkResponse({ type: RolloutView })
  @ApiNotFoundResponse({ description: 'No rollout decision for this run (yet), or another tenant\'s run.' })
  get(@Param() params: RunIdParams, @CurrentPrincipal() principal: Principal): Promise<RolloutView> {
    return this.getRollout.execute(params.runId, principal);
  }

  @Post(':runId/approve')
  @HttpCode(200)
  @Roles('tenant')
  @ApiOperation({ summary: 'Approve rolling a passed run\'s patch out; it starts in the tenant\'s next maintenance window. Tenant keys: own runs only' })
  @ApiOkResponse({ type: RolloutView })
  @ApiNotFoundResponse({ description: 'Not a rollout candidate (not passed, not verified yet, or another tenant\'s run).' })
  @ApiConflictResponse({ description: 'Already rejected, rolled out, or being rolled out now.' })
  approve(@Param() params: RunIdParams, @Body() body: RolloutDecisionDto, @CurrentPrincipal() principal: Principal): Promise<RolloutView> {
    return this.decide.execute(params.runId, 'approve', principal, body.note);
  }

  @Post(':runId/reject')
  @HttpCode(200)
  @Roles('tenant')
  @ApiOperation({ summary: 'Reject rolling a passed run\'s patch out (also an approved one still waiting for its window). Tenant keys: own runs only' })
  @ApiOkResponse({ type: RolloutView })
  @ApiNotFoundResponse({ description: 'Not a rollout candidate (not passed, not verified yet, or another tenant\'s run).' })
  @ApiConflictResponse({ description: 'Already rolled out, or being rolled out now.' })
  reject(@Param() params: RunIdParams, @Body() body: RolloutDecisionDto, @CurrentPrincipal() principal: Principal): Promise<RolloutView> {
    return this.decide.execute(params.runId, 'reject', principal, body.note);
  }
}
