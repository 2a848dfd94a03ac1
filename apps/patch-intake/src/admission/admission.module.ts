import { Module } from '@nestjs/common';
import { PatchIntakeConfig } from '../patch-intake.config';
import { ADMISSION_LIMITS, parseAdmissionLimits } from './admission-limits';
import { AdmissionPass } from './admission-pass.service';
import { AdmissionQueries } from './admission-queries.service';
import { AdmissionController } from './admission.controller';
import { AdmissionMessageController } from './admission.message-controller';
import { AdmissionScheduler } from './admission.scheduler';
import { ReleaseRunHandler } from './release-run.handler';

@Module({
  controllers: [AdmissionController, AdmissionMessageController],
  providers: [
    {
      provide: ADMISSION_LIMITS,
      inject: [PatchIntakeConfig],
      useFactory: (config: PatchIntakeConfig) => parseAdmissionLimits(config.ADMISSION_GLOBAL_LIMIT, config.ADMISSION_PROVIDER_LIMITS),
    },
    AdmissionPass,
    AdmissionQueries,
    AdmissionScheduler,
    ReleaseRunHandler,
  ],
  exports: [AdmissionPass],
})
export class AdmissionModule {}
