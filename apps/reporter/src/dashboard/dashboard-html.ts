import { RunView } from '../reports/run-views';
import { RunSummary } from '../reports/summarize-runs.handler';

export interface DashboardData {
  summary: RunSummary;
  runs: RunView[];
  generatedAt: Date;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#f6f7f9}
h1{font-size:1.4rem;margin:0 0 1rem}
.cards{display:flex;gap:.75rem;margin-bottom:1.5rem;flex-wrap:wrap}
.card{background:#fff;border-radius:6px;padding:.75rem 1rem;min-width:7rem;box-shadow:0 1px 2px #0002}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0002}
th,td{padding:.4rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600}
.passed{color:#17803d}.failed{color:#c0262d}.error{color:#b45309}.running,.queued{color:#2f5fb3}
small{color:#667085}`;

const CARDS: Array<[string, (summary: RunSummary) => number]> = [
  ['total', (summary) => summary.total],
  ['queued', (summary) => summary.byStatus.queued],
  ['running', (summary) => summary.byStatus.running],
  ['passed', (summary) => summary.byVerdict.passed],
  ['failed', (summary) => summary.byVerdict.failed],
  ['error', (summary) => summary.byVerdict.error],
];

/** A self-contained page (no scripts, no external assets) that refreshes itself every 15 seconds. */
export function renderDashboard({ summary, runs, generatedAt }: DashboardData): string {
  const scope = summary.tenantId ? ` — tenant ${escapeHtml(summary.tenantId)}` : '';
  const cards = CARDS.map(([label, count]) => `<div class="card ${label}"><b>${count(summary)}</b>${label}</div>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
<title>patchproof runs</title><style>${STYLE}</style></head>
<body><h1>patchproof runs${scope}</h1>
<div class="cards">${cards}</div>
<table><thead><tr><th>started</th><th>patch</th><th>tenant</th><th>status</th><th>step</th><th>failure</th><th>report</th></tr></thead>
<tbody>${runs.map(runRow).join('\n') || '<tr><td colspan="7">no runs yet</td></tr>'}</tbody></table>
<p><small>generated ${escapeHtml(generatedAt.toISOString())}; latest ${runs.length} runs</small></p>
</body></html>
`;
}

function runRow(run: RunView): string {
  const id = encodeURIComponent(run.runId);
  const links = [`<a href="/runs/${id}/report">json</a>`, ...(run.verdict ? [`<a href="/runs/${id}/report.xml">junit</a>`] : [])].join(' ');
  const failure = run.failure ? `${escapeHtml(run.failure.step)}: ${escapeHtml(run.failure.reason.slice(0, 200))}` : '';
  return `<tr><td>${escapeHtml(run.createdAt)}</td>`
    + `<td>${escapeHtml(run.patch.id)}<br><small>${escapeHtml(run.patch.title.slice(0, 120))}</small></td>`
    + `<td>${escapeHtml(run.tenant.id)}</td><td class="${run.status}">${run.status}</td>`
    + `<td>${escapeHtml(run.currentStep ?? '')}</td><td>${failure}</td><td>${links}</td></tr>`;
}
