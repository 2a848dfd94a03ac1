import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { PatchInstallationService } from './patch-installation.service';

@Module({
  imports: [DriversModule],
  providers: [PatchInstallationService],
  exports: [PatchInstallationService, DriversModule],
})
export class InstallationModule {}
