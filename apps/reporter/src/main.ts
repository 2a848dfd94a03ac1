import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { ReporterConfig } from './reporter.config';

async function main(): Promise<void> {
  const config = loadConfig(ReporterConfig);
  await bootstrapService({
    service: 'reporter',
    description: 'Run timelines, verdicts (verification.completed), reports (JSON, JUnit XML), notifications, dead letters and a dashboard.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
