import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { SelectionsService, SelectionView } from './selections.service';

@ApiTags('selections')
@Controller('selections')
export class SelectionsController {
  constructor(private readonly selections: SelectionsService) {}

  @Get(':runId')
  @Roles('viewer', 'tenant')
  @ApiOperation({ summary: 'The tests selected for a run (exact versions, bound definitions, reasons) and its unknown software' })
  get(@Param('runId', new ParseUUIDPipe()) runId: string, @CurrentPrincipal() principal: Principal): Promise<SelectionView> {
    return this.selections.get(runId, principal);
  }
}
