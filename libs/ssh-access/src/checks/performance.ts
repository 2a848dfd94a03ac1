import { CheckOutcome } from './check-context';
import { Baseline, DefinitionError, RunnableTest } from './definition';

/** Without a threshold the runner allows what the simulation does: 20 % slower. */
export const DEFAULT_THRESHOLD = 1.2;

type Measured = { ok: true; value: number; unit: string; samples: number[]; output: string };
export type Measurement = Measured | { ok: false; output: string };

/** One run of the test's main check. */
export type Sampler = () => Promise<CheckOutcome>;

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;

/**
 * The measurement of a set of samples: the smallest. Every measure here is a cost (time, CPU time),
 * and other work on a shared host only ever adds to a cost, never takes from it, so the best sample
 * is the closest to the workload's own cost; a median let one busy moment on the host fail a test.
 */
export function bestOf(values: readonly number[]): number {
  return Math.min(...values);
}

/** The first number a command printed (`stdout-number`), e.g. the CPU milliseconds a workload took. */
export function firstNumber(stdout: string | undefined): number {
  const match = NUMBER.exec(stdout ?? '');
  if (!match) throw new DefinitionError('baseline.measure is stdout-number, but the check printed no number');
  return Number(match[0]);
}

function baselineOf(test: RunnableTest): Baseline {
  return test.baseline ?? { measure: 'elapsed-ms', unit: 'ms', samples: 1 };
}

/** Runs the main check `samples` times; each must pass. The best (smallest) sample is the measurement. */
export async function measure(test: RunnableTest, sample: Sampler): Promise<Measurement> {
  const baseline = baselineOf(test);
  const samples: number[] = [];
  for (let index = 0; index < baseline.samples; index++) {
    const outcome = await sample();
    if (!outcome.passed) return { ok: false, output: `sample ${index + 1} of ${baseline.samples} failed:\n${outcome.output}` };
    samples.push(baseline.measure === 'elapsed-ms' ? outcome.elapsedMs : firstNumber(outcome.stdout));
  }
  return measuredFrom(baseline, samples, '');
}

/**
 * The measurement after the patch, for comparison with `before`. A first round over the limit is
 * measured once more before it counts: on a shared host a busy moment makes every sample of one round
 * dear, and since interference only adds to a cost, a regression is what the best of both rounds still shows.
 */
export async function measureAfterPatch(test: RunnableTest, before: number, threshold: number, sample: Sampler): Promise<Measurement> {
  const first = await measure(test, sample);
  if (!first.ok || withinThreshold(before, first.value, threshold)) return first;
  const second = await measure(test, sample);
  if (!second.ok) return second;
  const note = `; measured again, as the first ${first.samples.length} (best ${first.value}) were over the limit`;
  return measuredFrom(baselineOf(test), [...first.samples, ...second.samples], note);
}

function measuredFrom(baseline: Baseline, samples: number[], note: string): Measured {
  const value = bestOf(samples);
  return { ok: true, value, unit: baseline.unit, samples, output: `${baseline.measure} ${value} ${baseline.unit} (best of ${samples.join(', ')}${note})` };
}

/** Slower means a larger value for elapsed time; the ratio after/before must stay within the threshold. */
export function withinThreshold(baseline: number, after: number, threshold: number): boolean {
  return after <= baseline * threshold;
}
