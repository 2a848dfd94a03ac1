import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { TestRunnerConfig } from './test-runner.config';

async function main(): Promise<void> {
  const config = loadConfig(TestRunnerConfig);
  await bootstrapService({
    service: 'test-runner',
    description: 'Prepares the selected tests before a patch (data, baselines) and runs them on the replica after it.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
