import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { TestSelectorConfig } from './test-selector.config';

async function main(): Promise<void> {
  const config = loadConfig(TestSelectorConfig);
  await bootstrapService({
    service: 'test-selector',
    description: 'The test-case database (software relation, versioned test cases, tenant tests) and the selection of tests for each replica VM.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
