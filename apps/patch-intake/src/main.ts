import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { PatchIntakeConfig } from './patch-intake.config';

async function main(): Promise<void> {
  const config = loadConfig(PatchIntakeConfig);
  await bootstrapService({
    service: 'patch-intake',
    description: 'Patches and advisories in; tenants and their subscriptions; fan-out of runs and their admission.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
