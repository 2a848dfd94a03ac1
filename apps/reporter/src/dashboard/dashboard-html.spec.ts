import { RunView } from '../reports/run-views';
import { RunSummary } from '../reports/summarize-runs.handler';
import { renderDashboard } from './dashboard-html';

const summary: RunSummary = {
  patchId: null, tenantId: null, total: 2, finished: 1, waitingByStep: { test: 1 },
  byStatus: { queued: 0, running: 1, passed: 0, failed: 1, error: 0 }, byVerdict: { passed: 0, failed: 1, error: 0 },
  tests: { selected: 3, executed: 3, passed: 2, failed: 1, errored: 0, skipped: 0 },
};

function run(runId: string, verdict: RunView['verdict']): RunView {
  return {
    runId, patch: { id: 'DSA-1', title: '<script>alert(1)</script>', severity: 'high' }, tenant: { id: 'acme', name: 'Acme' }, provider: 'fake',
    status: verdict ?? 'running', currentStep: verdict ? null : 'test', verdict,
    failure: verdict === 'failed' ? { step: 'test', reason: 'login "failed" & <b>' } : null,
    releaseAction: null, rollout: null, createdAt: '2025-01-01T00:00:00.000Z', lastProgressAt: '2025-01-01T00:00:00.000Z', finishedAt: null, steps: [],
  };
}

describe('renderDashboard', () => {
  const html = renderDashboard({ summary, runs: [run('r-1', 'failed'), run('r-2', null)], generatedAt: new Date('2025-01-01T00:00:00Z') });

  it('is self-contained: no scripts and nothing loaded from elsewhere', () => {
    expect(html).not.toMatch(/<script|src=|<link/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('login &quot;failed&quot; &amp; &lt;b&gt;');
  });

  it('shows counts by verdict and links finished runs to their reports', () => {
    expect(html).toContain('<div class="card failed"><b>1</b>failed</div>');
    expect(html).toContain('<a href="/runs/r-1/report.xml">junit</a>');
    expect(html).toContain('<a href="/runs/r-2/report">json</a>');
    expect(html).not.toContain('/runs/r-2/report.xml');
  });
});
