import { ApiError } from './api-client';
import { expectationOf, expectedRuns, followRuns, PatchFanOut } from './follow-runs';
import { RunSummary } from './run-progress';

const NO_TESTS = { selected: 0, executed: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };

function summary(byStatus: Partial<Record<'queued' | 'running' | 'passed' | 'failed' | 'error', number>>): RunSummary {
  const counts = { queued: 0, running: 0, passed: 0, failed: 0, error: 0, ...byStatus };
  return {
    total: Object.values(counts).reduce((sum, n) => sum + n, 0), byStatus: counts,
    byVerdict: { passed: counts.passed, failed: counts.failed, error: counts.error }, tests: NO_TESTS,
  };
}

/** The summaries the reporter would answer, one per poll; the last one repeats. */
function reporter(...answers: RunSummary[]): { read: () => Promise<RunSummary>; polls: () => number } {
  let polls = 0;
  return { read: async () => answers[Math.min(polls++, answers.length - 1)], polls: () => polls };
}

const fanOut = (...tenants: string[]): PatchFanOut => ({ runs: tenants.map((tenantId, index) => ({ runId: `run-${index}`, tenantId })) });
const noPause = async (): Promise<void> => undefined;

describe('runs --wait: what to wait for', () => {
  it('takes the run count from the patch\'s fan-out, per tenant when --tenant is given', async () => {
    const patch = fanOut('acme', 'globex', 'initech');
    expect(expectedRuns(patch)).toBe(3);
    expect(expectedRuns(patch, 'globex')).toBe(1);
    expect(expectedRuns(patch, 'umbrella')).toBe(0);
    await expect(expectationOf({ patch: 'DSA-1' }, async () => patch)).resolves.toEqual({ kind: 'fan-out', runs: 3 });
    await expect(expectationOf({ patch: 'DSA-1', tenant: 'umbrella' }, async () => patch)).resolves.toEqual({ kind: 'fan-out', runs: 0 });
    await expect(expectationOf({ patch: 'DSA-1' }, async () => fanOut())).resolves.toEqual({ kind: 'fan-out', runs: 0 });
  });

  it('waits for the recorded runs without --patch, refuses an unknown patch, and waits for some run when the key may not read patches', async () => {
    const unread = async (): Promise<PatchFanOut> => { throw new Error('not asked'); };
    await expect(expectationOf({ tenant: 'acme' }, unread)).resolves.toEqual({ kind: 'recorded' });
    await expect(expectationOf({ patch: 'DSA-404' }, async () => { throw new ApiError(404, { message: 'no patch DSA-404' }); }))
      .rejects.toThrow('no patch DSA-404: patch-intake has no patch with this id');
    await expect(expectationOf({ patch: 'DSA-1' }, async () => { throw new ApiError(403, { message: 'role tenant may not do this' }); }))
      .resolves.toMatchObject({ kind: 'unknown', reason: expect.stringContaining('cannot read patch DSA-1') });
    await expect(expectationOf({ patch: 'DSA-1' }, async () => { throw new ApiError(500, {}); })).rejects.toBeInstanceOf(ApiError);
  });
});

describe('runs --wait: following the summary', () => {
  it('ends at the first poll when the fan-out created no runs', async () => {
    const answers = reporter(summary({}));
    const lines: string[] = [];
    const final = await followRuns(answers.read, { expectation: { kind: 'fan-out', runs: 0 }, timeoutMs: 60_000, intervalMs: 0, pause: noPause, onProgress: (line) => lines.push(line) });
    expect(final.total).toBe(0);
    expect(answers.polls()).toBe(1);
    expect(lines).toHaveLength(1);
  });

  it('ends at once without --patch when the reporter has no matching run', async () => {
    const answers = reporter(summary({}));
    await expect(followRuns(answers.read, { expectation: { kind: 'recorded' }, timeoutMs: 60_000, intervalMs: 0, pause: noPause })).resolves.toMatchObject({ total: 0 });
    expect(answers.polls()).toBe(1);
  });

  it('keeps waiting while the reporter has recorded fewer runs than the patch fanned out to, finished or not', async () => {
    // Just after publication: none recorded, then one (already finished), then both.
    const answers = reporter(summary({}), summary({ passed: 1 }), summary({ passed: 1, running: 1 }), summary({ passed: 1, failed: 1 }));
    const lines: string[] = [];
    const final = await followRuns(answers.read, { expectation: { kind: 'fan-out', runs: 2 }, timeoutMs: 60_000, intervalMs: 0, pause: noPause, onProgress: (line) => lines.push(line) });
    expect(answers.polls()).toBe(4);
    expect(final).toMatchObject({ total: 2, byVerdict: { passed: 1, failed: 1 } });
    expect(lines.map((line) => line.split('  ')[0].split(' ')[1])).toEqual(['0/2', '1/2', '1/2', '2/2']);
  });

  it('waits for a first run when the fan-out is unknown', async () => {
    const answers = reporter(summary({}), summary({}), summary({ passed: 1 }));
    await followRuns(answers.read, { expectation: { kind: 'unknown', reason: 'role tenant' }, timeoutMs: 60_000, intervalMs: 0, pause: noPause });
    expect(answers.polls()).toBe(3);
  });

  it('gives up after the timeout, saying how many runs the reporter has not recorded', async () => {
    const answers = reporter(summary({ passed: 1 }));
    await expect(followRuns(answers.read, { expectation: { kind: 'fan-out', runs: 3 }, timeoutMs: 0, intervalMs: 0, pause: noPause }))
      .rejects.toThrow(/^runs still open after 0 s: .* \(2 of 3 runs not recorded by the reporter yet\)$/);
  });
});
