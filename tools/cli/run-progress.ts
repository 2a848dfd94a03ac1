export interface RunSummary {
  total: number;
  byStatus: Record<string, number>;
  byVerdict: Record<string, number>;
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

export function isFinished(summary: RunSummary): boolean {
  const open = Object.entries(summary.byStatus).filter(([status]) => !FINISHED.has(status)).reduce((sum, [, n]) => sum + n, 0);
  return summary.total > 0 && open === 0;
}

/** One line: a bar of finished runs and the counts by status. */
export function progressLine(summary: RunSummary, width = 30): string {
  const finished = Object.entries(summary.byStatus).filter(([status]) => FINISHED.has(status)).reduce((sum, [, n]) => sum + n, 0);
  const filled = summary.total ? Math.round((finished / summary.total) * width) : 0;
  const counts = ['queued', 'running', 'passed', 'failed', 'error'].map((status) => `${status} ${summary.byStatus[status] ?? 0}`).join('  ');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${summary.total}  ${counts}`;
}

export function runsTable(rows: RunRow[]): string {
  const header = ['RUN', 'TENANT', 'PATCH', 'STATUS', 'STEP / REASON'];
  const lines = rows.map((row) => [
    row.runId.slice(0, 8), row.tenant.id, row.patch.id, row.verdict ?? row.status,
    row.failure ? `${row.failure.step}: ${row.failure.reason}`.slice(0, 70) : row.currentStep ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}
