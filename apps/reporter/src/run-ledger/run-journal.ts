import { Injectable } from '@nestjs/common';
import { EventEnvelope, FailureInfo, PipelineStep, RunContext, Verdict } from '@patchproof/contracts';
import { EntityManager } from 'typeorm';
import { RunEventRecord } from './run-event.entity';
import { RunProgress } from './run-progress';
import { RunStepRecord, StepOutcome } from './run-step.entity';
import { RunRecord, RunStatus } from './run.entity';
import { successorsOf, waitingStep } from './pipeline';

export type RunEvent = EventEnvelope<{ run: RunContext }>;

/**
 * The run, its steps and its event log, written inside the caller's transaction. Every handler
 * first `lock`s the run, so events of one run (and the stall sweeper) apply one after another.
 */
@Injectable()
export class RunJournal {
  /** Creates the run from its first event (whichever that is) and locks its row until commit. */
  async lock(manager: EntityManager, event: RunEvent): Promise<RunRecord> {
    const { run } = event.payload;
    await manager.createQueryBuilder().insert().into(RunRecord).values({
      runId: run.runId, patchId: run.patch.id, tenantId: run.tenant.id, provider: run.tenant.provider,
      status: event.subject === 'patchproof.run.queued.v1' ? 'queued' : 'running', currentStep: 'admission',
      context: run, correlationId: event.correlationId, trace: event.trace ?? null, unknownSoftware: [],
    }).orIgnore().execute();
    return manager.getRepository(RunRecord).findOneOrFail({ where: { runId: run.runId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks the run unless it already has its verdict, in which case the event is logged as ignored. */
  async lockOpen(manager: EntityManager, event: RunEvent): Promise<RunRecord | undefined> {
    const run = await this.lock(manager, event);
    if (!run.verdict) return run;
    await this.ignore(manager, event, `run already finished (${run.verdict})`);
    return undefined;
  }

  async ignore(manager: EntityManager, event: RunEvent, note: string): Promise<void> {
    await this.log(manager, event, 'ignored', note);
  }

  /**
   * Applies an event to its run; false (and logged as ignored) when it reports the success of a step
   * already recorded. A failure is never dropped that way: it still ends the run.
   */
  async advance(manager: EntityManager, run: RunRecord, event: RunEvent, progress: RunProgress): Promise<boolean> {
    const at = new Date(event.occurredAt);
    const success = (progress.outcome ?? 'completed') === 'completed';
    if (progress.completes && success && (await this.isCompleted(manager, run.runId, progress.completes))) {
      await this.ignore(manager, event, `step ${progress.completes} already recorded`);
      return false;
    }
    if (progress.starts) await this.startStep(manager, run.runId, progress.starts, at);
    if (progress.completes) await this.endStep(manager, run.runId, progress.completes, at, progress.outcome ?? 'completed');
    const completed = await this.completedSteps(manager, run.runId);
    const status: RunStatus = run.verdict ?? (completed.size === 0 ? 'queued' : 'running');
    await manager.createQueryBuilder().update(RunRecord)
      .set({ ...progress.facts, status, currentStep: waitingStep({ completed, verdict: run.verdict, expectsRollout: expectsRollout(run) }), lastProgressAt: () => 'now()' })
      .where({ runId: run.runId })
      .execute();
    await this.log(manager, event, 'applied', null);
    return true;
  }

  /** Records the verdict; refuses a second one, which would break "one verification.completed per run". */
  async conclude(manager: EntityManager, run: RunRecord, verdict: Verdict, failure: FailureInfo | undefined, at: Date): Promise<RunRecord> {
    const completed = await this.completedSteps(manager, run.runId);
    const result = await manager.createQueryBuilder().update(RunRecord)
      .set({
        status: verdict, verdict, failureStep: failure?.step ?? null, failureReason: failure?.reason ?? null, finishedAt: at,
        currentStep: waitingStep({ completed, verdict, expectsRollout: expectsRollout({ ...run, verdict }) }), lastProgressAt: () => 'now()',
      })
      .where('run_id = :runId AND verdict IS NULL', { runId: run.runId })
      .execute();
    if (result.affected !== 1) throw new Error(`run ${run.runId} already has a verdict`);
    return manager.getRepository(RunRecord).findOneByOrFail({ runId: run.runId });
  }

  /** Starts a step; the first start recorded wins (events may arrive twice or out of order). */
  async startStep(manager: EntityManager, runId: string, step: PipelineStep, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, RunStepRecord)} (run_id, step, started_at) VALUES ($1, $2, $3)
       ON CONFLICT (run_id, step) DO UPDATE SET started_at = COALESCE(run_step.started_at, EXCLUDED.started_at)`,
      [runId, step, at],
    );
  }

  /** Ends a step; a completed step also starts the steps that follow it. */
  async endStep(manager: EntityManager, runId: string, step: PipelineStep, at: Date, outcome: StepOutcome): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, RunStepRecord)} (run_id, step, completed_at, outcome) VALUES ($1, $2, $3, $4)
       ON CONFLICT (run_id, step) DO UPDATE SET completed_at = COALESCE(run_step.completed_at, EXCLUDED.completed_at),
         outcome = COALESCE(run_step.outcome, EXCLUDED.outcome)`,
      [runId, step, at, outcome],
    );
    if (outcome !== 'completed') return;
    for (const next of successorsOf(step)) await this.startStep(manager, runId, next, at);
  }

  steps(manager: EntityManager, runId: string): Promise<RunStepRecord[]> {
    return manager.getRepository(RunStepRecord).findBy({ runId });
  }

  async completedSteps(manager: EntityManager, runId: string): Promise<Set<PipelineStep>> {
    const steps = await this.steps(manager, runId);
    return new Set(steps.filter((step) => step.completedAt !== null).map((step) => step.step));
  }

  async isCompleted(manager: EntityManager, runId: string, step: PipelineStep): Promise<boolean> {
    return (await this.completedSteps(manager, runId)).has(step);
  }

  private async log(manager: EntityManager, event: RunEvent, outcome: 'applied' | 'ignored', note: string | null): Promise<void> {
    await manager.createQueryBuilder().insert().into(RunEventRecord).values({
      eventId: event.id, runId: event.payload.run.runId, subject: event.subject, occurredAt: new Date(event.occurredAt), outcome, note,
    }).orIgnore().execute();
  }

  private table(manager: EntityManager, entity: typeof RunStepRecord): string {
    return manager.connection.getMetadata(entity).tablePath;
  }
}

/** patch-applier rolls a passed patch out when the tenant's policy says autoApply. */
export function expectsRollout(run: Pick<RunRecord, 'verdict' | 'context'>): boolean {
  return run.verdict === 'passed' && run.context.tenant.policy.autoApply;
}
