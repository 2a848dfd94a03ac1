import { Module } from '@nestjs/common';
import { InstallationModule } from '../installation/installation.module';
import { GetRolloutHandler } from './get-rollout.handler';
import { RollOutPatchHandler } from './roll-out-patch.handler';
import { RolloutMessageController } from './rollout.message-controller';
import { RolloutsController } from './rollouts.controller';

@Module({
  imports: [InstallationModule],
  controllers: [RolloutMessageController, RolloutsController],
  providers: [RollOutPatchHandler, GetRolloutHandler],
})
export class RolloutModule {}
