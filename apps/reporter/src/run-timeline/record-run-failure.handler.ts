import { Injectable } from '@nestjs/common';
import { causedBy, EventEnvelope, RunFailedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { RunJournal } from '../run-ledger/run-journal';
import { RunFinisher } from '../verdict/run-finisher';
import { bounded } from '../verdict/verdict-rules';

/** Use case: a service could not complete its step; the run ends as `error` naming the step and the reason. */
@Injectable()
export class RecordRunFailureHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly journal: RunJournal, private readonly finisher: RunFinisher) {}

  async execute(event: EventEnvelope<RunFailedV1>, inbox: InboxKey): Promise<void> {
    const { step, reason, replica } = event.payload;
    const finished = await this.unitOfWork.run(inbox, async (tx) => {
      const run = await this.journal.lockOpen(tx.manager, event);
      if (!run) return undefined;
      await this.journal.advance(tx.manager, run, event, { completes: step, outcome: 'failed', facts: replica ? { replica } : {} });
      const failure = { step, reason: bounded(reason) };
      return this.finisher.finish(tx, run, { verdict: 'error', failure }, causedBy(event), new Date(event.occurredAt));
    });
    this.finisher.announce(finished);
  }
}
