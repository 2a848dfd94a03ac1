import { DeadLetterRecord } from '../dead-letters/dead-letter.entity';
import { NotificationRecord } from '../notifications/notification.entity';
import { RunEventRecord } from '../run-ledger/run-event.entity';
import { RunStepRecord } from '../run-ledger/run-step.entity';
import { RunRecord } from '../run-ledger/run.entity';
import { Initial1763900000000 } from './migrations/1763900000000-initial';

export const REPORTER_SCHEMA = 'reporter';
export const REPORTER_ENTITIES = [RunRecord, RunStepRecord, RunEventRecord, NotificationRecord, DeadLetterRecord];
export const REPORTER_MIGRATIONS = [Initial1763900000000];
