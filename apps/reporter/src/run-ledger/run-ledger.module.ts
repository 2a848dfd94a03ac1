import { Module } from '@nestjs/common';
import { RunJournal } from './run-journal';

@Module({ providers: [RunJournal], exports: [RunJournal] })
export class RunLedgerModule {}
