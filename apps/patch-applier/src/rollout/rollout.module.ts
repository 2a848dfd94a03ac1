import { Module } from '@nestjs/common';
import { InstallationModule } from '../installation/installation.module';
import { DecideRolloutHandler } from './decide-rollout.handler';
import { GetRolloutHandler } from './get-rollout.handler';
import { RecordCandidateHandler } from './record-candidate.handler';
import { RollOutPatchHandler } from './roll-out-patch.handler';
import { RolloutMessageController } from './rollout.message-controller';
import { RolloutsController } from './rollouts.controller';
import { RolloutScheduler } from './schedule/rollout-scheduler.service';

@Module({
  imports: [InstallationModule],
  controllers: [RolloutMessageController, RolloutsController],
  providers: [RecordCandidateHandler, RollOutPatchHandler, RolloutScheduler, DecideRolloutHandler, GetRolloutHandler],
})
export class RolloutModule {}
