import { Injectable } from '@nestjs/common';
import { causedBy, EventEnvelope, TestsCompletedV1 } from '@patchproof/contracts';
import { InboxKey, RetryLaterError, UnitOfWork } from '@patchproof/messaging';
import { EntityManager } from 'typeorm';
import { RunJournal } from '../run-ledger/run-journal';
import { RunRecord } from '../run-ledger/run.entity';
import { RunFinisher } from '../verdict/run-finisher';
import { verdictOfRun } from '../verdict/verdict-rules';

/** Thrown to have an event redelivered later: it overtook an event it depends on. */
export class RunNotReadyError extends RetryLaterError {
  constructor(runId: string, missing: string[]) {
    super(`run ${runId}: tests.completed arrived before ${missing.join(' and ')}; retrying later`);
    this.name = 'RunNotReadyError';
  }
}

/** Use case: the tests ran; decide the verdict and emit verification.completed. */
@Injectable()
export class CompleteTestsHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly journal: RunJournal, private readonly finisher: RunFinisher) {}

  async execute(event: EventEnvelope<TestsCompletedV1>, inbox: InboxKey): Promise<void> {
    const { replica, results } = event.payload;
    const finished = await this.unitOfWork.run(inbox, async (tx) => {
      const run = await this.journal.lockOpen(tx.manager, event);
      if (!run) return undefined;
      await this.requireEarlierSteps(tx.manager, run);
      if (!(await this.journal.advance(tx.manager, run, event, { completes: 'test', facts: { replica, results } }))) return undefined;
      return this.finisher.finish(tx, run, verdictOfRun(run.selected ?? [], results, run.patchResults ?? []), causedBy(event), new Date(event.occurredAt));
    });
    this.finisher.announce(finished);
  }

  /**
   * Each subject has its own consumer, so a lagging reporter may see the results before the selection
   * , a failed preparation or the VMs' apply outcomes (patch.applied, which caused the tests: a patch
   * that failed on a VM fails the run); deciding then could pass a run that must not pass. The event is
   * retried until they are in (then dead-lettered, and the stall timeout ends the run as `error`).
   */
  private async requireEarlierSteps(manager: EntityManager, run: RunRecord): Promise<void> {
    const completed = await this.journal.completedSteps(manager, run.runId);
    const missing = [
      ...(run.selected === null ? ['tests.selected'] : []),
      ...(completed.has('prepare') ? [] : ['tests.prepared']),
      ...(completed.has('apply') ? [] : ['patch.applied']),
    ];
    if (missing.length > 0) throw new RunNotReadyError(run.runId, missing);
  }
}
