import { Injectable } from '@nestjs/common';
import { causedBy, EventEnvelope, TestsPreparedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { RunJournal } from '../run-ledger/run-journal';
import { RunFinisher } from '../verdict/run-finisher';
import { preparationFailure } from '../verdict/verdict-rules';

/** Use case: the run's tests were prepared; a failed or errored preparation ends the run as `error` at `prepare`. */
@Injectable()
export class RecordPreparationHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly journal: RunJournal, private readonly finisher: RunFinisher) {}

  async execute(event: EventEnvelope<TestsPreparedV1>, inbox: InboxKey): Promise<void> {
    const { replica, preparations } = event.payload;
    const failure = preparationFailure(preparations);
    const finished = await this.unitOfWork.run(inbox, async (tx) => {
      const run = await this.journal.lockOpen(tx.manager, event);
      if (!run) return undefined;
      const progress = { completes: 'prepare', outcome: failure ? 'failed' : 'completed', facts: { replica, preparations } } as const;
      const applied = await this.journal.advance(tx.manager, run, event, progress);
      if (!applied || !failure) return undefined;
      return this.finisher.finish(tx, run, { verdict: 'error', failure }, causedBy(event), new Date(event.occurredAt));
    });
    this.finisher.announce(finished);
  }
}
