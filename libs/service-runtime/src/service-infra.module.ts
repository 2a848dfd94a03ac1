import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@patchproof/auth';
import { MessagingModule } from '@patchproof/messaging';
import { migrateServiceSchema, serviceDataSourceOptions, ServiceDataSourceOptions } from '@patchproof/persistence';
import { DataSource } from 'typeorm';
import { BaseServiceConfig } from './base-service.config';
import { HealthController } from './health.controller';
import { SERVICE_NAME } from './service-name';

export interface ServiceInfraOptions {
  service: string;
  schema: string;
  config: BaseServiceConfig;
  entities: ServiceDataSourceOptions['entities'];
  migrations: ServiceDataSourceOptions['migrations'];
}

/**
 * Everything a patchproof service stands on: its own schema (migrated at start-up unless
 * MIGRATIONS_RUN=false), JetStream with outbox and inbox, API-key auth, /health and /metrics.
 */
@Module({})
export class ServiceInfraModule {
  static forRoot(options: ServiceInfraOptions): DynamicModule {
    const { config } = options;
    return {
      module: ServiceInfraModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            serviceDataSourceOptions({
              url: config.DATABASE_URL,
              schema: options.schema,
              entities: options.entities,
              migrations: options.migrations,
              poolSize: config.DB_POOL_SIZE,
              applicationName: options.service,
            }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            if (config.MIGRATIONS_RUN) await migrateServiceSchema(dataSource, options.schema);
            return dataSource;
          },
        }),
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          schema: options.schema,
          duplicateWindowMs: config.DUPLICATE_WINDOW_MS,
          consumer: {
            service: options.service,
            concurrency: config.CONSUMER_CONCURRENCY,
            ackWaitMs: config.ACK_WAIT_MS,
            maxDeliver: config.MAX_DELIVER,
            retryDelayMs: config.RETRY_DELAY_MS,
          },
          relay: { batchSize: 200, idlePollMs: config.OUTBOX_POLL_MS, retentionMs: Math.max(config.DUPLICATE_WINDOW_MS * 2, 3_600_000) },
        }),
        AuthModule.fromEnvironment(),
      ],
      controllers: [HealthController],
      providers: [{ provide: SERVICE_NAME, useValue: options.service }],
      exports: [SERVICE_NAME],
    };
  }
}
