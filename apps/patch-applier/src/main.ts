import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { PatchApplierConfig } from './patch-applier.config';

async function main(): Promise<void> {
  const config = loadConfig(PatchApplierConfig);
  await bootstrapService({
    service: 'patch-applier',
    description: 'Applies a patch to every VM of a prepared replica, and rolls it out to the tenant\'s real VMs after a pass when the tenant auto-applies.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
