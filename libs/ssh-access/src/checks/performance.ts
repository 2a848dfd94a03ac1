import { CheckContext } from './check-context';
import { Baseline, DefinitionError, RunnableTest } from './definition';
import { runCheck } from './run-check';

/** Without a threshold the runner allows what the simulation does: 20 % slower. */
export const DEFAULT_THRESHOLD = 1.2;

export type Measurement = { ok: true; value: number; unit: string; samples: number[]; output: string } | { ok: false; output: string };

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
export async function measure(test: RunnableTest, context: CheckContext): Promise<Measurement> {
  const baseline = baselineOf(test);
  const samples: number[] = [];
  for (let index = 0; index < baseline.samples; index++) {
    const outcome = await runCheck(test.check, context);
    if (!outcome.passed) return { ok: false, output: `sample ${index + 1} of ${baseline.samples} failed:\n${outcome.output}` };
    samples.push(baseline.measure === 'elapsed-ms' ? outcome.elapsedMs : firstNumber(outcome.stdout));
  }
  const value = bestOf(samples);
  return { ok: true, value, unit: baseline.unit, samples, output: `${baseline.measure} ${value} ${baseline.unit} (best of ${samples.join(', ')})` };
}

/** Slower means a larger value for elapsed time; the ratio after/before must stay within the threshold. */
export function withinThreshold(baseline: number, after: number, threshold: number): boolean {
  return after <= baseline * threshold;
}
