import { exitCodeOf, isFinished, progressLine, RunRow, runsReport, runsTable, RunSummary } from './run-progress';

const NO_TESTS = { selected: 0, executed: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };

function summary(byStatus: Partial<Record<'queued' | 'running' | 'passed' | 'failed' | 'error', number>>, tests = NO_TESTS): RunSummary {
  const counts = { queued: 0, running: 0, passed: 0, failed: 0, error: 0, ...byStatus };
  return {
    total: Object.values(counts).reduce((sum, n) => sum + n, 0),
    byStatus: counts,
    byVerdict: { passed: counts.passed, failed: counts.failed, error: counts.error },
    tests,
  };
}

function row(index: number, verdict = 'passed'): RunRow {
  return { runId: `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`, patch: { id: 'DSA-1' }, tenant: { id: `t${index}` }, status: verdict, verdict };
}

describe('runs: verdict, progress and table from the summary', () => {
  it('exits 1 when any matching run did not pass, even one the list (newest 50) does not show', () => {
    const sixty = summary({ passed: 59, failed: 1 });
    const listed = Array.from({ length: 50 }, (_, index) => row(index));
    expect(listed.every((run) => run.verdict === 'passed')).toBe(true);
    expect(exitCodeOf(sixty)).toBe(1);
    expect(exitCodeOf(summary({ passed: 59, error: 1 }))).toBe(1);
    expect(exitCodeOf(summary({ passed: 60 }))).toBe(0);
    expect(exitCodeOf(summary({}))).toBe(0);
  });

  it('is finished only when every run is recorded and none is open', () => {
    expect(isFinished(summary({ passed: 2 }))).toBe(true);
    expect(isFinished(summary({ passed: 2, running: 1 }))).toBe(false);
    expect(isFinished(summary({}))).toBe(false); // nothing known about a fan-out: some run must exist
    expect(isFinished(summary({}), 0)).toBe(true); // the fan-out created none
    expect(isFinished(summary({ passed: 2 }), 3)).toBe(false); // the reporter has not recorded the third run yet
    expect(isFinished(summary({ passed: 2, failed: 1 }), 3)).toBe(true);
  });

  it('draws progress out of the expected runs when the reporter has recorded fewer', () => {
    expect(progressLine(summary({ passed: 1, queued: 1 }), 10)).toBe('[#####.....] 1/2  queued 1  running 0  passed 1  failed 0  error 0');
    expect(progressLine(summary({ passed: 1 }), 10, 4)).toBe('[###.......] 1/4  queued 0  running 0  passed 1  failed 0  error 0');
    expect(progressLine(summary({}), 10)).toBe('[..........] 0/0  queued 0  running 0  passed 0  failed 0  error 0');
  });

  it('says when the table shows only part of the matching runs', () => {
    const rows = [row(1), row(2, 'failed')];
    expect(runsTable(rows)).not.toMatch(/showing/);
    expect(runsTable(rows, 2)).not.toMatch(/showing/);
    expect(runsTable(rows, 60).split('\n').at(-1)).toBe('showing 2 of 60 runs (newest first; --limit shows up to 500)');
  });

  it('ends the human output with the verdict and test totals over every matching run', () => {
    const twelve = summary({ passed: 12 }, { selected: 180, executed: 180, passed: 180, failed: 0, errored: 0, skipped: 0 });
    const lines = runsReport(twelve, [row(1)], { patch: 'DSA-1' }).split('\n');
    expect(lines.slice(-3)).toEqual([
      'showing 1 of 12 runs (newest first; --limit shows up to 500)',
      'runs: 12 — 12 passed, 0 failed, 0 error',
      'tests: 180 selected, 180 executed — 180 passed, 0 failed, 0 errors, 0 skipped',
    ]);
    const open = summary({ passed: 1, failed: 1, queued: 1, running: 1 }, { selected: 5, executed: 4, passed: 2, failed: 1, errored: 1, skipped: 1 });
    expect(runsReport(open, [row(1), row(2, 'failed'), row(3, 'queued'), row(4, 'running')], {}).split('\n').slice(-2)).toEqual([
      'runs: 4 — 1 passed, 1 failed, 0 error, 2 not finished',
      'tests: 5 selected, 4 executed — 2 passed, 1 failed, 1 errors, 1 skipped',
    ]);
  });

  it('names the filter when nothing matches', () => {
    expect(runsReport(summary({}), [], { patch: 'DSA-9' })).toBe('no runs for patch DSA-9');
    expect(runsReport(summary({}), [], { patch: 'DSA-9', tenant: 'acme' })).toBe('no runs for patch DSA-9 on tenant acme');
    expect(runsReport(summary({}), [], {})).toBe('no runs');
  });
});
