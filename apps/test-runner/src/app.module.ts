import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { TEST_RUNNER_ENTITIES, TEST_RUNNER_MIGRATIONS, TEST_RUNNER_SCHEMA } from './database/schema';
import { ExecutionModule } from './execution/execution.module';
import { ExecutionsModule } from './executions/executions.module';
import { TestRunnerConfig } from './test-runner.config';

@Module({})
export class AppModule {
  static register(config: TestRunnerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({ service: 'test-runner', schema: TEST_RUNNER_SCHEMA, config, entities: TEST_RUNNER_ENTITIES, migrations: TEST_RUNNER_MIGRATIONS }),
        ExecutionModule,
        ExecutionsModule,
      ],
      providers: [{ provide: TestRunnerConfig, useValue: config }],
      exports: [TestRunnerConfig],
      global: true,
    };
  }
}
