import { Injectable } from '@nestjs/common';
import { EventEnvelope, EventOrigin, VerificationCompletedV1 } from '@patchproof/contracts';
import { Transaction } from '@patchproof/messaging';
import { RunFinishedNotifier } from '../notifications/run-finished-notifier';
import { RunJournal } from '../run-ledger/run-journal';
import { RunRecord } from '../run-ledger/run.entity';
import { Conclusion } from './verdict-rules';
import { verificationOf } from './verification-payload';

export type VerificationEnvelope = EventEnvelope<VerificationCompletedV1>;

/**
 * Gives a run its verdict and emits verification.completed in the caller's transaction. The caller
 * holds the run's lock and has checked it has no verdict yet; `conclude` refuses a second one, so the
 * event is emitted exactly once per run whichever handler (or the stall sweeper) gets there first.
 */
@Injectable()
export class RunFinisher {
  constructor(private readonly journal: RunJournal, private readonly notifier: RunFinishedNotifier) {}

  /** `reportStartsAt`: when the event that ended the run occurred (the report step starts then). */
  async finish(tx: Transaction, run: RunRecord, conclusion: Conclusion, origin: EventOrigin, reportStartsAt: Date): Promise<VerificationEnvelope> {
    const now = new Date();
    await this.journal.startStep(tx.manager, run.runId, 'report', reportStartsAt);
    await this.journal.endStep(tx.manager, run.runId, 'report', now, 'completed');
    const concluded = await this.journal.conclude(tx.manager, run, conclusion.verdict, conclusion.failure, now);
    const payload = verificationOf(concluded, await this.journal.steps(tx.manager, run.runId));
    const envelope = tx.emit('patchproof.verification.completed.v1', payload, origin);
    await this.notifier.queue(tx.manager, envelope);
    return envelope;
  }

  /** After commit: the log line and the webhook. */
  announce(envelope: VerificationEnvelope | undefined): void {
    if (envelope) this.notifier.announce(envelope);
  }
}
