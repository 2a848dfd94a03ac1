import { BadRequestException, Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { FAKE_OPERATIONS, FakeCloud, FakeVmState, PARTIAL_FAILURE_OPERATIONS } from '@patchproof/fake-cloud';
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
    const errors = [
      ...perOperationErrors('latencyMs', body.latencyMs, FAKE_OPERATIONS, Infinity),
      ...perOperationErrors('failureRate', body.failureRate, FAKE_OPERATIONS, 1),
      ...perOperationErrors('partialFailureRate', body.partialFailureRate ?? {}, PARTIAL_FAILURE_OPERATIONS, 1),
    ];
    if (errors.length > 0) throw new BadRequestException({ statusCode: 400, message: errors });
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
  @ApiOperation({ summary: 'Side effects the simulation executed for a run, and calls answered from the record (replays), by operation' })
  async operations(@Query('runId') runId: string): Promise<{ executed: Record<string, number>; replayed: Record<string, number> }> {
    if (!runId) throw new BadRequestException({ statusCode: 400, message: ['runId: query parameter is required'] });
    const simulation = this.simulation();
    return { executed: await simulation.operationCounts(runId), replayed: await simulation.replayCounts(runId) };
  }

  private simulation(): FakeCloud {
    if (!this.cloud) throw new ServiceUnavailableException('the fake driver is not enabled (REPLICATOR_DRIVERS)');
    return this.cloud;
  }
}

function perOperationErrors(field: string, values: Record<string, unknown>, operations: readonly string[], max: number): string[] {
  return Object.entries(values).flatMap(([operation, value]) => {
    if (!operations.includes(operation)) return [`${field}.${operation}: unknown operation (one of ${operations.join(', ')})`];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      return [`${field}.${operation}: must be a number from 0${max === Infinity ? '' : ` to ${max}`}`];
    }
    return [];
  });
}
