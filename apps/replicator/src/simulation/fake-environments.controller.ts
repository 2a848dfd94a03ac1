import { BadRequestException, Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { FAKE_OPERATIONS, FakeCloud, FakeVmState } from '@patchproof/fake-cloud';
import { FAKE_CLOUD } from '../drivers/drivers.module';
import { FakeEnvironmentDto } from './dto/fake-environment.dto';

/** Administration of the `fake` provider's SIMULATED environments (scale and failure testing). */
@ApiTags('simulation (fake provider)')
@Controller('fake')
export class FakeEnvironmentsController {
  constructor(@Inject(FAKE_CLOUD) private readonly cloud: FakeCloud | undefined) {}

  @Post('environments')
  @ApiOperation({ summary: 'Create or replace a simulated tenant environment' })
  async create(@Body() body: FakeEnvironmentDto): Promise<{ id: string; vms: FakeVmState[] }> {
    for (const [operation, value] of [...Object.entries(body.latencyMs), ...Object.entries(body.failureRate)]) {
      if (!FAKE_OPERATIONS.includes(operation as never) || typeof value !== 'number' || value < 0) {
        throw new BadRequestException({ statusCode: 400, message: [`latencyMs/failureRate.${operation}: must be one of ${FAKE_OPERATIONS.join(', ')} with a number >= 0`] });
      }
    }
    return { id: body.id, vms: await this.simulation().createEnvironment(body) };
  }

  @Get('environments/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A simulated environment and its VMs (the tenant\'s real ones, not replicas)' })
  async get(@Param('id') id: string): Promise<{ id: string; vms: FakeVmState[] }> {
    const spec = await this.simulation().environment(id);
    if (!spec) throw new NotFoundException(`no simulated environment ${id}`);
    return { id, vms: await this.simulation().vms(id, null) };
  }

  @Get('operations')
  @Roles('viewer')
  @ApiOperation({ summary: 'Side effects the simulation executed for a run, counted by operation' })
  async operations(@Query('runId') runId: string): Promise<Record<string, number>> {
    if (!runId) throw new BadRequestException({ statusCode: 400, message: ['runId: query parameter is required'] });
    return this.simulation().operationCounts(runId);
  }

  private simulation(): FakeCloud {
    if (!this.cloud) throw new ServiceUnavailableException('the fake driver is not enabled (REPLICATOR_DRIVERS)');
    return this.cloud;
  }
}
