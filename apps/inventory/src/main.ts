import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { InventoryConfig } from './inventory.config';

async function main(): Promise<void> {
  const config = loadConfig(InventoryConfig);
  await bootstrapService({
    service: 'inventory',
    description: 'Collects the OS, packages and services of every VM of a replica.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
