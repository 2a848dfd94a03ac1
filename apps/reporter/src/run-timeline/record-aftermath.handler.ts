import { Injectable } from '@nestjs/common';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { RunEvent, RunJournal } from '../run-ledger/run-journal';
import { RunProgress } from '../run-ledger/run-progress';

/**
 * Use case: what happened after the verdict (the replica released, the patch rolled out). These
 * events belong to a finished run by design; they complete its timeline and never touch the verdict.
 */
@Injectable()
export class RecordAftermathHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly journal: RunJournal) {}

  execute(event: RunEvent, inbox: InboxKey, progress: RunProgress): Promise<void> {
    return this.unitOfWork.run(inbox, async (tx) => {
      const run = await this.journal.lock(tx.manager, event);
      await this.journal.advance(tx.manager, run, event, progress);
    });
  }
}
