/** Tests over a set of runs, as the reporter sums them (each run report's `counts`, added up). */
export interface TestTotals {
  selected: number;
  executed: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

/** GET /runs/summary: counts over every matching run (unlike GET /runs, which lists at most `limit`). */
export interface RunSummary {
  total: number;
  byStatus: Record<string, number>;
  byVerdict: Record<string, number>;
  tests: TestTotals;
}

/** A run as the reporter lists it (GET /runs). */
export interface RunRow {
  runId: string;
  patch: { id: string; title?: string };
  tenant: { id: string; name?: string };
  status: string;
  currentStep?: string | null;
  verdict?: string | null;
  failure?: { step: string; reason: string } | null;
  rollout?: { status: string; reason: string | null } | null;
  releaseAction?: string | null;
}

const FINISHED = new Set(['passed', 'failed', 'error']);

const sum = (counts: Record<string, number>, keep: (status: string) => boolean): number =>
  Object.entries(counts).filter(([status]) => keep(status)).reduce((total, [, n]) => total + n, 0);

export function finishedRuns(summary: RunSummary): number {
  return sum(summary.byStatus, (status) => FINISHED.has(status));
}

/**
 * Whether waiting is over: at least `expected` runs are recorded and none is open. `expected` is
 * the number of runs the fan-out created when known (0 when it created none), else 1: some run must
 * exist, as the reporter records a run only once its first event arrived.
 */
export function isFinished(summary: RunSummary, expected = 1): boolean {
  return summary.total >= expected && finishedRuns(summary) === summary.total;
}

/** The exit code of `runs --wait`: 1 unless every matching run passed (all of them, not one page of the list). */
export function exitCodeOf(summary: RunSummary): 0 | 1 {
  return (summary.byVerdict.passed ?? 0) === summary.total ? 0 : 1;
}

/** One line: a bar of finished runs and the counts by status; out of `expected` runs when more are expected than recorded. */
export function progressLine(summary: RunSummary, width = 30, expected = 0): string {
  const finished = finishedRuns(summary);
  const of = Math.max(summary.total, expected);
  const filled = of ? Math.round((finished / of) * width) : 0;
  const counts = ['queued', 'running', 'passed', 'failed', 'error'].map((status) => `${status} ${summary.byStatus[status] ?? 0}`).join('  ');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${of}  ${counts}`;
}

/** The verdict and test lines under the table, from the summary (every matching run). */
export function totalsLines(summary: RunSummary): string[] {
  const runs = ['passed', 'failed', 'error'].map((verdict) => `${summary.byVerdict[verdict] ?? 0} ${verdict}`);
  const open = (summary.byStatus.queued ?? 0) + (summary.byStatus.running ?? 0);
  const { tests } = summary;
  return [
    `runs: ${summary.total} — ${runs.join(', ')}${open ? `, ${open} not finished` : ''}`,
    `tests: ${tests.selected} selected, ${tests.executed} executed — ${tests.passed} passed, ${tests.failed} failed, ${tests.errored} errors, ${tests.skipped} skipped`,
  ];
}

/** What `runs` prints when nothing matches. */
export function noRunsMessage(filter: { patch?: string; tenant?: string }): string {
  return `no runs${filter.patch ? ` for patch ${filter.patch}` : ''}${filter.tenant ? ` on tenant ${filter.tenant}` : ''}`;
}

/** The runs table, saying so when it shows only part of the `total` matching runs. */
export function runsTable(rows: RunRow[], total = rows.length): string {
  const header = ['RUN', 'TENANT', 'PATCH', 'STATUS', 'STEP / REASON'];
  const lines = rows.map((row) => [
    row.runId.slice(0, 8), row.tenant.id, row.patch.id, row.verdict ?? row.status,
    row.failure ? `${row.failure.step}: ${row.failure.reason}`.slice(0, 70) : row.currentStep ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const table = [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  if (rows.length < total) table.push(`showing ${rows.length} of ${total} runs (newest first; --limit shows up to 500)`);
  return table.join('\n');
}

/** `runs` for people: the table, then the verdict and test totals over every matching run; or why there is nothing. */
export function runsReport(summary: RunSummary, rows: RunRow[], filter: { patch?: string; tenant?: string }): string {
  if (summary.total === 0) return noRunsMessage(filter);
  return [runsTable(rows, summary.total), ...totalsLines(summary)].join('\n');
}
