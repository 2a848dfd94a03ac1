import { Injectable } from '@nestjs/common';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { RunEvent, RunJournal } from '../run-ledger/run-journal';
import { RunProgress } from '../run-ledger/run-progress';

/** Use case: a run moved along (queued, admitted, replicated, inventoried, tests selected, patch applied). */
@Injectable()
export class RecordProgressHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly journal: RunJournal) {}

  async execute(event: RunEvent, inbox: InboxKey, progress: RunProgress): Promise<void> {
    await this.unitOfWork.run(inbox, async (tx) => {
      const run = await this.journal.lockOpen(tx.manager, event);
      if (run) await this.journal.advance(tx.manager, run, event, progress);
    });
  }
}
