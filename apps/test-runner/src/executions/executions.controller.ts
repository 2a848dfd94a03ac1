import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { RunIdParams } from './dto/run-id.params';
import { RunExecutionView } from './dto/run-execution.view';
import { GetExecutionHandler } from './get-execution.handler';

@ApiTags('executions')
@Controller('executions')
export class ExecutionsController {
  constructor(private readonly getExecution: GetExecutionHandler) {}

  @Get(':runId')
  @Roles('viewer')
  @ApiOperation({ summary: 'The tests selected for a run, their preparations and their results after the patch' })
  @ApiOkResponse({ type: RunExecutionView })
  @ApiNotFoundResponse({ description: 'No tests were selected for this run (yet).' })
  get(@Param() params: RunIdParams): Promise<RunExecutionView> {
    return this.getExecution.execute(params.runId);
  }
}
