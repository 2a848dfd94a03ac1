import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { RunIdParams } from './dto/run-id.params';
import { RunExecutionView } from './dto/run-execution.view';
import { GetExecutionHandler } from './get-execution.handler';

@ApiTags('executions')
@Controller('executions')
export class ExecutionsController {
  constructor(private readonly getExecution: GetExecutionHandler) {}

  @Get(':runId')
  @Roles('viewer', 'tenant')
  @ApiOperation({
    summary: 'The tests selected for a run, their preparations and their results after the patch',
    description: 'Role tenant: its own tenant\'s runs only. Tenant-registered tests are shown in full to operators and the run\'s tenant; '
      + 'to viewers they are redacted (opaque id "tenant-test-N", tier, VM, status kept; name, reason, definition, parameters and output dropped).',
  })
  @ApiOkResponse({ type: RunExecutionView })
  @ApiNotFoundResponse({ description: 'No tests were selected for this run (yet), or the run is another tenant\'s.' })
  get(@Param() params: RunIdParams, @CurrentPrincipal() principal: Principal): Promise<RunExecutionView> {
    return this.getExecution.execute(params.runId, principal);
  }
}
