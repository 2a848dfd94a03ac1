import { PIPELINE_STEPS, PipelineStep, StepTiming, Verdict } from '@patchproof/contracts';

/** The steps before the verdict, in order; a run waits for the one after the furthest it completed. */
export const VERIFY_STEPS = PIPELINE_STEPS.slice(0, PIPELINE_STEPS.indexOf('test') + 1);

/**
 * The step whose completion starts each step. Release and rollout both start at the verdict: the
 * replicator and patch-applier react to verification.completed independently.
 */
export const PREDECESSOR: Record<PipelineStep, PipelineStep | null> = {
  admission: null,
  replicate: 'admission',
  inventory: 'replicate',
  select: 'inventory',
  prepare: 'select',
  apply: 'prepare',
  test: 'apply',
  report: 'test',
  release: 'report',
  rollout: 'report',
};

export function successorsOf(step: PipelineStep): PipelineStep[] {
  return PIPELINE_STEPS.filter((candidate) => PREDECESSOR[candidate] === step);
}

export interface WaitingState {
  completed: ReadonlySet<PipelineStep>;
  verdict: Verdict | null;
  /** Whether patch-applier will roll the patch out (a pass with the tenant's autoApply). */
  expectsRollout: boolean;
}

/**
 * The step a run is waiting for; null when nothing more is expected. Events of different subjects
 * may be handled out of order, so progress is the furthest step completed, not the first missing one.
 */
export function waitingStep({ completed, verdict, expectsRollout }: WaitingState): PipelineStep | null {
  if (!verdict) {
    const furthest = Math.max(-1, ...VERIFY_STEPS.map((step, index) => (completed.has(step) ? index : -1)));
    return VERIFY_STEPS[furthest + 1] ?? 'report';
  }
  if (!completed.has('release')) return 'release';
  if (expectsRollout && !completed.has('rollout')) return 'rollout';
  return null;
}

export interface StepTimes {
  step: PipelineStep;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** Timings of the steps with both ends known, in pipeline order; clock skew between hosts never yields < 0. */
export function stepTimings(steps: StepTimes[]): StepTiming[] {
  return [...steps]
    .filter((step): step is StepTimes & { startedAt: Date; completedAt: Date } => step.startedAt !== null && step.completedAt !== null)
    .sort((a, b) => PIPELINE_STEPS.indexOf(a.step) - PIPELINE_STEPS.indexOf(b.step))
    .map((step) => ({
      step: step.step,
      startedAt: step.startedAt.toISOString(),
      completedAt: step.completedAt.toISOString(),
      durationMs: Math.max(0, step.completedAt.getTime() - step.startedAt.getTime()),
    }));
}
