import { ApiError } from './api-client';
import { isFinished, progressLine, RunSummary } from './run-progress';

/** What `runs --wait` needs of patch-intake's GET /patches/:id: the runs its fan-out created (in the same transaction as the patch). */
export interface PatchFanOut {
  runs: Array<{ runId: string; tenantId: string }>;
}

/**
 * How many runs to wait for. With a patch, patch-intake's fan-out says exactly (the reporter records
 * a run only when its first event arrives, so just after publication it may know fewer or none);
 * without one there is no fan-out to ask, and the runs the reporter has recorded are all there is.
 */
export type Expectation =
  | { kind: 'fan-out'; runs: number }
  | { kind: 'recorded' }
  /** The key may not read patches (role tenant): some run must appear, until --timeout. */
  | { kind: 'unknown'; reason: string };

export function expectedRuns(patch: PatchFanOut, tenantId?: string): number {
  return tenantId ? patch.runs.filter((run) => run.tenantId === tenantId).length : patch.runs.length;
}

/** The expectation for a filter, from patch-intake's answer to GET /patches/:id (a 404 is an unknown patch id: an error). */
export async function expectationOf(filter: { patch?: string; tenant?: string }, readPatch: (id: string) => Promise<PatchFanOut>): Promise<Expectation> {
  if (!filter.patch) return { kind: 'recorded' };
  try {
    return { kind: 'fan-out', runs: expectedRuns(await readPatch(filter.patch), filter.tenant) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw new Error(`no patch ${filter.patch}: patch-intake has no patch with this id`);
    if (error instanceof ApiError && error.status === 403) {
      return { kind: 'unknown', reason: `cannot read patch ${filter.patch} from patch-intake (${error.message}); waiting for its first run until --timeout` };
    }
    throw error;
  }
}

/** The smallest run count that can end the wait. */
export function minimumRuns(expectation: Expectation): number {
  if (expectation.kind === 'fan-out') return expectation.runs;
  return expectation.kind === 'recorded' ? 0 : 1;
}

export interface FollowOptions {
  expectation: Expectation;
  timeoutMs: number;
  intervalMs: number;
  /** Called with each progress line. */
  onProgress?: (line: string) => void;
  pause?: (ms: number) => Promise<void>;
}

/**
 * Polls the summary until every expected run is recorded and finished; returns that last summary
 * (the verdict and exit code come from it: it counts every matching run). Zero expected runs end
 * the wait at the first poll.
 */
export async function followRuns(readSummary: () => Promise<RunSummary>, options: FollowOptions): Promise<RunSummary> {
  const expected = minimumRuns(options.expectation);
  const pause = options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const summary = await readSummary();
    const line = progressLine(summary, 30, expected);
    options.onProgress?.(line);
    if (isFinished(summary, expected)) return summary;
    if (Date.now() >= deadline) {
      const missing = expected > summary.total ? ` (${expected - summary.total} of ${expected} runs not recorded by the reporter yet)` : '';
      throw new Error(`runs still open after ${options.timeoutMs / 1000} s: ${line}${missing}`);
    }
    await pause(options.intervalMs);
  }
}
