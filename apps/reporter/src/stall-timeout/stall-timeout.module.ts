import { Module } from '@nestjs/common';
import { RunLedgerModule } from '../run-ledger/run-ledger.module';
import { VerdictModule } from '../verdict/verdict.module';
import { StallSweeper } from './stall-sweeper.service';
import { TimeOutStalledRunsHandler } from './time-out-stalled-runs.handler';

@Module({ imports: [RunLedgerModule, VerdictModule], providers: [TimeOutStalledRunsHandler, StallSweeper] })
export class StallTimeoutModule {}
