import { PipelineStep } from '@patchproof/contracts';
import { stepTimings, successorsOf, waitingStep } from './pipeline';

const at = (second: number): Date => new Date(Date.UTC(2025, 0, 1, 12, 0, second));

describe('pipeline steps', () => {
  it('starts each step at the previous one, and both release and rollout at the verdict', () => {
    expect(successorsOf('admission')).toEqual(['replicate']);
    expect(successorsOf('test')).toEqual(['report']);
    expect(successorsOf('report')).toEqual(['release', 'rollout']);
    expect(successorsOf('rollout')).toEqual([]);
  });

  it('waits for the step after the furthest one completed, even when an earlier event is still missing', () => {
    const state = (steps: PipelineStep[]) => ({ completed: new Set(steps), verdict: null, expectsRollout: false });
    expect(waitingStep(state([]))).toBe('admission');
    expect(waitingStep(state(['admission', 'replicate']))).toBe('inventory');
    expect(waitingStep(state(['admission', 'apply']))).toBe('test');
    expect(waitingStep(state(['test']))).toBe('report');
  });

  it('after the verdict waits for the release, then for the rollout only when one will happen', () => {
    expect(waitingStep({ completed: new Set(), verdict: 'passed', expectsRollout: true })).toBe('release');
    expect(waitingStep({ completed: new Set(['release']), verdict: 'passed', expectsRollout: true })).toBe('rollout');
    expect(waitingStep({ completed: new Set(['release']), verdict: 'failed', expectsRollout: false })).toBeNull();
    expect(waitingStep({ completed: new Set(['release', 'rollout']), verdict: 'passed', expectsRollout: true })).toBeNull();
  });
});

describe('stepTimings', () => {
  it('keeps steps with both ends, in pipeline order, with their durations', () => {
    const timings = stepTimings([
      { step: 'replicate', startedAt: at(1), completedAt: at(4) },
      { step: 'admission', startedAt: at(0), completedAt: at(1) },
      { step: 'inventory', startedAt: at(4), completedAt: null },
      { step: 'select', startedAt: null, completedAt: at(9) },
    ]);
    expect(timings).toEqual([
      { step: 'admission', startedAt: at(0).toISOString(), completedAt: at(1).toISOString(), durationMs: 1000 },
      { step: 'replicate', startedAt: at(1).toISOString(), completedAt: at(4).toISOString(), durationMs: 3000 },
    ]);
  });

  it('never reports a negative duration when hosts disagree about the time', () => {
    expect(stepTimings([{ step: 'report', startedAt: at(5), completedAt: at(3) }])[0].durationMs).toBe(0);
  });
});
