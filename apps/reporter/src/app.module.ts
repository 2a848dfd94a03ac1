import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { DashboardModule } from './dashboard/dashboard.module';
import { REPORTER_ENTITIES, REPORTER_MIGRATIONS, REPORTER_SCHEMA } from './database/schema';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { ReporterConfig } from './reporter.config';
import { ReportsModule } from './reports/reports.module';
import { RunTimelineModule } from './run-timeline/run-timeline.module';
import { StallTimeoutModule } from './stall-timeout/stall-timeout.module';

@Module({})
export class AppModule {
  static register(config: ReporterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({ service: 'reporter', schema: REPORTER_SCHEMA, config, entities: REPORTER_ENTITIES, migrations: REPORTER_MIGRATIONS }),
        RunTimelineModule,
        StallTimeoutModule,
        ReportsModule,
        DashboardModule,
        DeadLettersModule,
      ],
      providers: [{ provide: ReporterConfig, useValue: config }],
      exports: [ReporterConfig],
      global: true,
    };
  }
}
