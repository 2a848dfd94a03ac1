import { Injectable } from '@nestjs/common';
import { EventOrigin } from '@patchproof/contracts';
import { Transaction, UnitOfWork } from '@patchproof/messaging';
import { EntityManager } from 'typeorm';
import { ReporterConfig } from '../reporter.config';
import { RunJournal } from '../run-ledger/run-journal';
import { RunRecord } from '../run-ledger/run.entity';
import { RunFinisher, VerificationEnvelope } from '../verdict/run-finisher';

const BATCH = 100;

/** Use case: end the running runs that made no progress for RUN_STALL_TIMEOUT_MS as `error` at the step they waited for. */
@Injectable()
export class TimeOutStalledRunsHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly journal: RunJournal,
    private readonly finisher: RunFinisher,
    private readonly config: ReporterConfig,
  ) {}

  /**
   * `watchingSince`: when this reporter started watching. Progress older than that counts as made
   * then, because events may be waiting in the stream while no reporter was running. Returns how
   * many runs it ended (at most one batch).
   */
  async execute(watchingSince: Date): Promise<number> {
    const finished = await this.unitOfWork.run(null, async (tx) => {
      const stalled = await this.claimStalled(tx.manager, watchingSince);
      const envelopes: VerificationEnvelope[] = [];
      for (const run of stalled) envelopes.push(await this.timeOut(tx, run));
      return envelopes;
    });
    finished.forEach((envelope) => this.finisher.announce(envelope));
    return finished.length;
  }

  /** SKIP LOCKED: several reporter replicas sweep at once without ending a run twice or waiting on each other. */
  private claimStalled(manager: EntityManager, watchingSince: Date): Promise<RunRecord[]> {
    return manager.getRepository(RunRecord).createQueryBuilder('run')
      .where(`run.status = 'running'`)
      .andWhere('GREATEST(run.last_progress_at, :watchingSince) < now() - CAST(:timeout AS interval)', {
        watchingSince, timeout: `${this.config.RUN_STALL_TIMEOUT_MS} milliseconds`,
      })
      .orderBy('run.last_progress_at')
      .limit(BATCH)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  private async timeOut(tx: Transaction, run: RunRecord): Promise<VerificationEnvelope> {
    const now = new Date();
    const step = run.currentStep ?? 'admission';
    await this.journal.endStep(tx.manager, run.runId, step, now, 'timeout');
    const failure = { step, reason: `timeout: no progress for ${this.config.RUN_STALL_TIMEOUT_MS} ms` };
    // No event caused this; the run id seeds the deterministic event id instead.
    const origin: EventOrigin = {
      causationId: run.runId, correlationId: run.correlationId, runId: run.runId, trace: run.trace ?? undefined, discriminator: 'stall-timeout',
    };
    return this.finisher.finish(tx, run, { verdict: 'error', failure }, origin, now);
  }
}
