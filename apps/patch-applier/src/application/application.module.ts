import { Module } from '@nestjs/common';
import { InstallationModule } from '../installation/installation.module';
import { ApplicationMessageController } from './application.message-controller';
import { ApplicationsController } from './applications.controller';
import { ApplyPatchHandler } from './apply-patch.handler';
import { GetApplicationHandler } from './get-application.handler';

@Module({
  imports: [InstallationModule],
  controllers: [ApplicationMessageController, ApplicationsController],
  providers: [ApplyPatchHandler, GetApplicationHandler],
})
export class ApplicationModule {}
