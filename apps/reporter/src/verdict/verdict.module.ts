import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { RunLedgerModule } from '../run-ledger/run-ledger.module';
import { RunFinisher } from './run-finisher';

@Module({ imports: [RunLedgerModule, NotificationsModule], providers: [RunFinisher], exports: [RunFinisher] })
export class VerdictModule {}
