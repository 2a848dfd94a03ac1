import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { AppModule } from './app.module';
import { ReplicatorConfig } from './replicator.config';

async function main(): Promise<void> {
  const config = loadConfig(ReplicatorConfig);
  await bootstrapService({
    service: 'replicator',
    description: 'Replicates tenant environments into the platform\'s own project, and keeps or deletes the replicas.',
    module: AppModule.register(config),
    config,
    port: config.PORT,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
