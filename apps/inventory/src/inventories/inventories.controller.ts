import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { RunIdParams } from './dto/run-id.params';
import { RunInventoriesView } from './dto/run-inventories.view';
import { GetInventoriesHandler } from './get-inventories.handler';

@ApiTags('inventories')
@Controller('inventories')
export class InventoriesController {
  constructor(private readonly getInventories: GetInventoriesHandler) {}

  @Get(':runId')
  @Roles('viewer')
  @ApiOperation({ summary: 'What every VM of a run\'s replica had installed and running' })
  @ApiOkResponse({ type: RunInventoriesView })
  @ApiNotFoundResponse({ description: 'No inventory was collected for this run (yet).' })
  get(@Param() params: RunIdParams): Promise<RunInventoriesView> {
    return this.getInventories.execute(params.runId);
  }
}
