import { Module } from '@nestjs/common';
import { RunLedgerModule } from '../run-ledger/run-ledger.module';
import { VerdictModule } from '../verdict/verdict.module';
import { CompleteTestsHandler } from './complete-tests.handler';
import { RecordAftermathHandler } from './record-aftermath.handler';
import { RecordPreparationHandler } from './record-preparation.handler';
import { RecordProgressHandler } from './record-progress.handler';
import { RecordRunFailureHandler } from './record-run-failure.handler';
import { RunTimelineMessageController } from './run-timeline.message-controller';

@Module({
  imports: [RunLedgerModule, VerdictModule],
  controllers: [RunTimelineMessageController],
  providers: [RecordProgressHandler, RecordPreparationHandler, CompleteTestsHandler, RecordRunFailureHandler, RecordAftermathHandler],
})
export class RunTimelineModule {}
