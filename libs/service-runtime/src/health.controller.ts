import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { JETSTREAM, JetStreamHandles } from '@patchproof/messaging';
import { metricsRegistry } from '@patchproof/observability';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@patchproof/auth';
import { SERVICE_NAME } from './service-name';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JETSTREAM) private readonly jetstream: JetStreamHandles,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('health')
  @ApiOkResponse({ description: 'The service, its database and its NATS connection are up.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body says which.' })
  async health(@Res() response: Response): Promise<void> {
    const database = await this.dataSource.query('SELECT 1').then(() => 'up', () => 'down');
    const nats = this.jetstream.nc.isClosed() ? 'down' : 'up';
    const ok = database === 'up' && nats === 'up';
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', service: this.service, checks: { database, nats } });
  }

  @Get('metrics')
  @ApiOkResponse({ description: 'Prometheus metrics in text exposition format.' })
  async metrics(@Res() response: Response): Promise<void> {
    response.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
