import { ApiClient } from '../cli/api-client';
import { isFinished, progressLine, RunRow, RunSummary } from '../cli/run-progress';
import { DEMO_PATCH, DEMO_TENANTS } from './demo-data';
import { RunningPlatform, startPlatform } from './demo-platform';

/**
 * The demo on the `fake` provider, a SIMULATED cloud: sample tenants, one sample patch, each
 * tenant's verdict.
 */
export async function runFakeDemo(json: boolean): Promise<void> {
  const say = (line: string) => { if (!json) console.log(line); };
  /** A new patch id per demo run, so every run of the demo verifies afresh (publishing is idempotent by id). */
  const patch = { ...DEMO_PATCH, id: `${DEMO_PATCH.id}.${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}` };
  say('starting the seven services (logs in .patchproof/demo-logs/)…');
  const platform = await startPlatform({ logDirName: 'demo-logs', say });
  try {
    await registerTenants(platform, say);
    say(`publishing ${patch.id}: ${patch.title}`);
    const published = await platform.client.intake<{ runsCreated: number }>('POST', '/patches', { ...patch, publishedAt: new Date().toISOString() });
    say(`${published.runsCreated} verification run(s) created`);
    await follow(platform.client, patch.id, published.runsCreated, json);
    report(await settled(platform.client, patch.id), json);
  } finally {
    await platform.stop();
  }
}

async function registerTenants({ client, api }: RunningPlatform, say: (line: string) => void): Promise<void> {
  say('simulated cloud (fake provider): creating the tenants\' environments');
  for (const demo of DEMO_TENANTS) {
    await api.call('replicator', 'POST', '/fake/environments', demo.environment).catch((error: Error) => {
      throw new Error(`creating ${demo.tenant.id}'s environment: ${error.message}`);
    });
    await client.intake('DELETE', `/tenants/${demo.tenant.id}`).catch(() => undefined);
    await client.intake('POST', '/tenants', demo.tenant);
    await client.intake('POST', `/tenants/${demo.tenant.id}/subscriptions`, { ecosystem: 'Debian:12' });
    say(`  ${demo.tenant.id.padEnd(16)} ${demo.story}`);
  }
}

/** Until the reporter has recorded every run the publication created, and each has a verdict. */
async function follow(client: ApiClient, patchId: string, expected: number, json: boolean): Promise<void> {
  const query = new URLSearchParams({ patchId });
  const deadline = Date.now() + 10 * 60_000;
  let last = '';
  for (;;) {
    const summary = await client.reporter<RunSummary>('GET', `/runs/summary?${query}`);
    const line = progressLine(summary, 30, expected);
    if (summary.total > 0 && line !== last && !json) process.stdout.write(process.stdout.isTTY ? `\r${line}` : `${line}\n`);
    last = line;
    if (isFinished(summary, expected)) break;
    if (Date.now() > deadline) throw new Error(`runs still open after 10 minutes: ${line}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (process.stdout.isTTY && !json) process.stdout.write('\n');
}

/** Verdicts are in; wait until every replica is released and every agreed rollout has happened. */
async function settled(client: ApiClient, patchId: string): Promise<RunRow[]> {
  const autoApply = new Set(DEMO_TENANTS.filter((demo) => demo.tenant.policy.autoApply).map((demo) => demo.tenant.id));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const runs = await listRuns(client, patchId);
    const pending = runs.filter((run) => !run.releaseAction || (run.verdict === 'passed' && autoApply.has(run.tenant.id) && !run.rollout));
    if (pending.length === 0 || Date.now() > deadline) return runs;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function listRuns(client: ApiClient, patchId: string): Promise<RunRow[]> {
  const body = await client.reporter<RunRow[] | { runs: RunRow[] }>('GET', `/runs?patchId=${encodeURIComponent(patchId)}`);
  return Array.isArray(body) ? body : body.runs;
}

function report(runs: RunRow[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(runs, null, 2));
    return;
  }
  console.log('\nverdicts (fake provider — simulated environments):');
  for (const run of [...runs].sort((a, b) => a.tenant.id.localeCompare(b.tenant.id))) {
    const why = run.failure ? ` — ${run.failure.step}: ${run.failure.reason}`.slice(0, 110) : '';
    const rollout = run.rollout ? `rolled out: ${run.rollout.status}` : 'not rolled out';
    console.log(`  ${run.tenant.id.padEnd(16)} ${(run.verdict ?? run.status).padEnd(7)} ${rollout.padEnd(18)} replica: ${run.releaseAction ?? '-'}${why}`);
  }
  console.log('\nreports: npx patchproof report <run id>   (PATCHPROOF_API_KEY from .patchproof/bootstrap-key)');
}
