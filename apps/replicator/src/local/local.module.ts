import { Module } from '@nestjs/common';
import { FileCredentialVault } from '@patchproof/ssh-access';
import { DriversModule } from '../drivers/drivers.module';
import { driverEnabled, ReplicatorConfig } from '../replicator.config';
import { LocalEnvironmentsController } from './local-environments.controller';
import { LOCAL_VAULT, LocalEnvironmentsService } from './local-environments.service';

@Module({
  imports: [DriversModule],
  controllers: [LocalEnvironmentsController],
  providers: [
    LocalEnvironmentsService,
    {
      provide: LOCAL_VAULT,
      inject: [ReplicatorConfig],
      // PATCHPROOF_VAULT_DIR and PATCHPROOF_SECRET_KEY: the directory every service reaching the VMs reads.
      useFactory: (config: ReplicatorConfig) => (driverEnabled(config, 'local') ? FileCredentialVault.fromEnvironment() : undefined),
    },
  ],
})
export class LocalModule {}
