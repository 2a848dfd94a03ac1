import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { AdmissionQueries } from './admission-queries.service';
import { AdmissionView } from './admission.view';

@ApiTags('admission')
@Controller('admission')
export class AdmissionController {
  constructor(private readonly queries: AdmissionQueries) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Admission limits, and active and queued runs per provider' })
  @ApiOkResponse({ type: AdmissionView })
  status(): Promise<AdmissionView> {
    return this.queries.status();
  }
}
