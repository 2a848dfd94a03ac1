import { Command, Option } from 'commander';
import { ApiClient } from './api-client';
import { readDocument } from './read-document';
import { expectationOf, followRuns, PatchFanOut } from './follow-runs';
import { exitCodeOf, RunRow, runsReport, RunSummary } from './run-progress';

interface GlobalOptions {
  intakeUrl: string;
  reporterUrl: string;
  applierUrl: string;
  apiKey?: string;
  json?: boolean;
}

const program = new Command('patchproof')
  .description('Operate patchproof: tenants, subscriptions, patches, runs and reports.')
  .addOption(new Option('--intake-url <url>', 'patch-intake base URL').env('PATCHPROOF_INTAKE_URL').default('http://127.0.0.1:3001'))
  .addOption(new Option('--reporter-url <url>', 'reporter base URL').env('PATCHPROOF_REPORTER_URL').default('http://127.0.0.1:3007'))
  .addOption(new Option('--applier-url <url>', 'patch-applier base URL (rollouts)').env('PATCHPROOF_APPLIER_URL').default('http://127.0.0.1:3005'))
  .addOption(new Option('--api-key <key>', 'API key (prefer the environment variable)').env('PATCHPROOF_API_KEY'))
  .option('--json', 'machine-readable JSON output')
  .showHelpAfterError();

function context(command: Command): { client: ApiClient; options: GlobalOptions } {
  const options = command.optsWithGlobals<GlobalOptions>();
  return { client: new ApiClient(options), options };
}

function print(options: GlobalOptions, value: unknown, human: () => string): void {
  console.log(options.json ? JSON.stringify(value, null, 2) : human());
}

const tenant = program.command('tenant').description('register, list and remove tenants');
tenant.command('add').description('register a tenant from a JSON or YAML file').requiredOption('--file <path>', 'tenant document')
  .action(async (_options, command: Command) => {
    const { client, options } = context(command);
    const body = readDocument(command.opts<{ file: string }>().file);
    const created = await client.intake<{ id: string }>('POST', '/tenants', body);
    print(options, created, () => `tenant ${created.id} registered`);
  });
tenant.command('list').description('list tenants').action(async (_options, command: Command) => {
  const { client, options } = context(command);
  const tenants = await client.intake<Array<{ id: string; name: string; provider: string }>>('GET', '/tenants');
  print(options, tenants, () => tenants.map((t) => `${t.id}\t${t.provider}\t${t.name}`).join('\n') || 'no tenants');
});
tenant.command('remove <id>').description('delete a tenant, its subscriptions and its queued runs').action(async (id: string, _options, command: Command) => {
  const { client, options } = context(command);
  await client.intake('DELETE', `/tenants/${encodeURIComponent(id)}`);
  print(options, { id, deleted: true }, () => `tenant ${id} deleted`);
});

program.command('subscribe <tenantId>').description('subscribe a tenant to patches for an ecosystem')
  .requiredOption('--ecosystem <name>', 'OSV ecosystem, e.g. Debian:12')
  .option('--packages <names>', 'only these packages, comma-separated')
  .action(async (tenantId: string, local: { ecosystem: string; packages?: string }, command: Command) => {
    const { client, options } = context(command);
    const body = { ecosystem: local.ecosystem, ...(local.packages ? { packages: local.packages.split(',') } : {}) };
    const created = await client.intake<{ id: string }>('POST', `/tenants/${encodeURIComponent(tenantId)}/subscriptions`, body);
    print(options, created, () => `tenant ${tenantId} subscribed to ${local.ecosystem} (subscription ${created.id})`);
  });
program.command('unsubscribe <tenantId> <subscriptionId>').description('remove a subscription')
  .action(async (tenantId: string, subscriptionId: string, _local, command: Command) => {
    const { client, options } = context(command);
    await client.intake('DELETE', `/tenants/${encodeURIComponent(tenantId)}/subscriptions/${encodeURIComponent(subscriptionId)}`);
    print(options, { tenantId, subscriptionId, deleted: true }, () => `subscription ${subscriptionId} removed`);
  });

const patch = program.command('patch').description('publish patches and advisories');
patch.command('publish').description('publish a patch (native schema) or an advisory (OSV, CSAF)')
  .requiredOption('--file <path>', 'patch or advisory document')
  .addOption(new Option('--format <format>', 'document format').choices(['native', 'osv', 'csaf']).default('native'))
  .action(async (local: { file: string; format: string }, command: Command) => {
    const { client, options } = context(command);
    const path = local.format === 'native' ? '/patches' : `/advisories/${local.format}`;
    const result = await client.intake<{ patch: { id: string }; runsCreated: number }>('POST', path, readDocument(local.file));
    print(options, result, () => `patch ${result.patch.id} published: ${result.runsCreated} run(s) created`);
  });

const RUNS_HELP = `
--wait polls GET /runs/summary until every run is finished, then exits 0 if all of them passed,
1 if any did not, 2 on an error or after --timeout. The verdict, the counts and the exit code come
from the summary, which covers every matching run; the table lists the newest --limit of them.

With --patch, the number of runs to wait for is the patch's fan-out as patch-intake recorded it
(GET /patches/:id, written with the patch), so a patch published a moment ago is followed until
the reporter has recorded all of its runs. A patch whose fan-out matched no tenant (on --tenant)
exits at once with "no runs for patch <id>" and 0; an unknown patch id is an error (2). A key that
may not read patches (role tenant) waits for at least one run, until --timeout.
Without --patch, --wait follows the runs the reporter has recorded; none: "no runs", exit 0.`;

program.command('runs').description('list verification runs; --wait follows them until all finish')
  .option('--patch <id>', 'only runs of this patch')
  .option('--tenant <id>', 'only runs of this tenant')
  .option('--limit <n>', 'list at most this many runs, newest first (1-500; the reporter\'s default is 50)')
  .option('--wait', 'wait until every run finished; exit 1 if any did not pass')
  .option('--timeout <seconds>', 'give up waiting after this long', '3600')
  .addHelpText('after', RUNS_HELP)
  .action(async (local: { patch?: string; tenant?: string; limit?: string; wait?: boolean; timeout: string }, command: Command) => {
    const { client, options } = context(command);
    const filter = new URLSearchParams({ ...(local.patch ? { patchId: local.patch } : {}), ...(local.tenant ? { tenantId: local.tenant } : {}) });
    const readSummary = () => client.reporter<RunSummary>('GET', `/runs/summary?${filter}`);
    const summary = local.wait ? await waitForRuns(client, local, readSummary, Number(local.timeout) * 1000, Boolean(options.json)) : await readSummary();
    const rows = summary.total === 0 ? [] : await listRuns(client, new URLSearchParams({ ...Object.fromEntries(filter), ...(local.limit ? { limit: local.limit } : {}) }));
    print(options, { summary, runs: rows, truncated: rows.length < summary.total }, () => runsReport(summary, rows, local));
    if (local.wait) process.exitCode = exitCodeOf(summary);
  });

program.command('report <runId>').description("show a run's report")
  .option('--junit', 'print the JUnit XML report')
  .action(async (runId: string, local: { junit?: boolean }, command: Command) => {
    const { client, options } = context(command);
    if (local.junit) {
      console.log(await client.reporterText(`/runs/${encodeURIComponent(runId)}/report.xml`));
      return;
    }
    const report = await client.reporter<ReportView>('GET', `/runs/${encodeURIComponent(runId)}/report`);
    print(options, report, () => humanReport(report));
  });

interface RolloutStatusView {
  runId: string;
  tenantId?: string;
  status: string;
  reason?: string;
  waitingUntil?: string;
  approval?: { decision: string; by: string; at: string; note?: string };
  vms: Array<{ vmId: string; error?: string | null; changed: Array<{ name: string; before: string | null; after: string | null }> }>;
}

function humanRollout(view: RolloutStatusView): string {
  const lines = [`rollout of run ${view.runId}${view.tenantId ? ` (tenant ${view.tenantId})` : ''}: ${view.status}${view.waitingUntil ? ` until ${view.waitingUntil}` : ''}`];
  if (view.reason) lines.push(`  ${view.reason}`);
  if (view.approval) lines.push(`  ${view.approval.decision} by ${view.approval.by} at ${view.approval.at}${view.approval.note ? `: ${view.approval.note}` : ''}`);
  for (const vm of view.vms) lines.push(`  vm ${vm.vmId}: ${vm.error ? `failed: ${vm.error}` : vm.changed.map((change) => `${change.name} ${change.before ?? '-'} → ${change.after ?? '-'}`).join(', ') || 'nothing changed'}`);
  return lines.join('\n');
}

const rollout = program.command('rollout').description("approve, reject and follow the rollout of a passed run's patch to the tenant's real VMs");
for (const decision of ['approve', 'reject'] as const) {
  rollout.command(`${decision} <runId>`)
    .description(decision === 'approve' ? 'approve the rollout; it starts in the next maintenance window' : 'reject the rollout; the patch is never rolled out for this run')
    .option('--note <text>', 'why, kept with the decision')
    .action(async (runId: string, local: { note?: string }, command: Command) => {
      const { client, options } = context(command);
      const view = await client.applier<RolloutStatusView>('POST', `/rollouts/${encodeURIComponent(runId)}/${decision}`, local.note === undefined ? {} : { note: local.note });
      print(options, view, () => humanRollout(view));
    });
}
rollout.command('status <runId>').description('where the rollout stands: awaiting approval, waiting for a window (until when), applied, failed, rejected')
  .action(async (runId: string, _local, command: Command) => {
    const { client, options } = context(command);
    const view = await client.applier<RolloutStatusView>('GET', `/rollouts/${encodeURIComponent(runId)}`);
    print(options, view, () => humanRollout(view));
  });

program.command('dead-letters').description('list messages the services could not process').action(async (_local, command: Command) => {
  const { client, options } = context(command);
  const letters = await client.reporter<unknown>('GET', '/dead-letters');
  print(options, letters, () => JSON.stringify(letters, null, 2));
});

async function listRuns(client: ApiClient, query: URLSearchParams): Promise<RunRow[]> {
  const body = await client.reporter<RunRow[] | { runs: RunRow[] }>('GET', `/runs?${query}`);
  return Array.isArray(body) ? body : body.runs;
}

/** Follows the runs (see RUNS_HELP); on a terminal, redraws one progress line; otherwise prints changes only. */
async function waitForRuns(
  client: ApiClient, filter: { patch?: string; tenant?: string }, readSummary: () => Promise<RunSummary>, timeoutMs: number, json: boolean,
): Promise<RunSummary> {
  const expectation = await expectationOf(filter, (id) => client.intake<PatchFanOut>('GET', `/patches/${encodeURIComponent(id)}`));
  if (expectation.kind === 'unknown') process.stderr.write(`${expectation.reason}\n`);
  const tty = process.stderr.isTTY && !json;
  let last = '';
  const summary = await followRuns(readSummary, {
    expectation, timeoutMs, intervalMs: 500,
    onProgress: (line) => {
      if (tty) process.stderr.write(`\r${line}`);
      else if (line !== last && !json) process.stderr.write(`${line}\n`);
      last = line;
    },
  }).finally(() => { if (tty) process.stderr.write('\n'); });
  return summary;
}

interface ReportView {
  run: { runId: string; tenant: { id: string }; patch: { id: string; title?: string }; status: string };
  verdict: string | null;
  failure: { step: string; reason: string } | null;
  counts: { selected: number; executed: number; passed: number; failed: number; errored: number; skipped: number };
  vms: Array<{ vmId: string; name: string | null; tiers: Array<{ tier: string; results: Array<{ name: string; target?: string; status: string; output: string }> }> }>;
  timings: Array<{ step: string; durationMs: number }>;
  unknownSoftware: Array<{ vmId: string; packages: string[]; otherPackages?: number }>;
  /** Each VM's apply outcome; absent from reporters before verdict semantics. */
  patch?: Array<{ vmId: string; status?: string; failure?: { kind: string; reason: string; configCheck?: { command: string; exitCode: number; output: string }; logTail?: string } }>;
}

/** A VM the patch broke (or could not be applied on), with the server's config check and the last log lines. */
function applyLines(report: ReportView): string[] {
  return (report.patch ?? []).filter((vm) => vm.failure && (vm.status === 'failed' || vm.status === 'error')).flatMap((vm) => {
    const failure = vm.failure!;
    const indent = (text: string) => text.split('\n').slice(-10).map((line) => `    ${line}`);
    return [
      `apply ${vm.status} on ${vm.vmId} (${failure.kind}): ${failure.reason}`,
      ...(failure.configCheck ? [`  ${failure.configCheck.command} (exit ${failure.configCheck.exitCode}):`, ...indent(failure.configCheck.output)] : []),
      ...(failure.logTail ? ['  last log lines:', ...indent(failure.logTail)] : []),
    ];
  });
}

function humanReport(report: ReportView): string {
  const { run, counts } = report;
  const lines = [
    `run ${run.runId}: ${report.verdict ?? run.status} — ${run.patch.id} on tenant ${run.tenant.id}`,
    `tests: ${counts.selected} selected, ${counts.executed} executed, ${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errors`,
  ];
  if (report.failure) lines.push(`failed at ${report.failure.step}: ${report.failure.reason}`);
  lines.push(...applyLines(report));
  for (const vm of report.vms) {
    lines.push(`vm ${vm.name ?? vm.vmId}`);
    for (const tier of vm.tiers) for (const result of tier.results) lines.push(`  ${result.status.padEnd(7)} ${tier.tier.padEnd(15)} ${result.name}${result.target ? ` [${result.target}]` : ''}`);
  }
  if (report.timings.length) lines.push(`timings: ${report.timings.map((timing) => `${timing.step} ${timing.durationMs} ms`).join(', ')}`);
  for (const unknown of report.unknownSoftware) {
    const others = unknown.otherPackages ? `${unknown.packages.length ? '; ' : ''}${unknown.otherPackages} other package(s) no catalog entry covers (libraries, tools: see the run's inventory)` : '';
    lines.push(`unknown software on ${unknown.vmId}: ${unknown.packages.join(', ')}${others}`);
  }
  return lines.join('\n');
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`patchproof: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
