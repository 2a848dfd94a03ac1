import { Command, Option } from 'commander';
import { ApiClient } from './api-client';
import { readDocument } from './read-document';
import { isFinished, progressLine, RunRow, runsTable, RunSummary } from './run-progress';

interface GlobalOptions {
  intakeUrl: string;
  reporterUrl: string;
  apiKey?: string;
  json?: boolean;
}

const program = new Command('patchproof')
  .description('Operate patchproof: tenants, subscriptions, patches, runs and reports.')
  .addOption(new Option('--intake-url <url>', 'patch-intake base URL').env('PATCHPROOF_INTAKE_URL').default('http://127.0.0.1:3001'))
  .addOption(new Option('--reporter-url <url>', 'reporter base URL').env('PATCHPROOF_REPORTER_URL').default('http://127.0.0.1:3007'))
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

program.command('runs').description('list verification runs; --wait follows them until all finish')
  .option('--patch <id>', 'only runs of this patch')
  .option('--tenant <id>', 'only runs of this tenant')
  .option('--wait', 'wait until every run finished; exit 1 if any did not pass')
  .option('--timeout <seconds>', 'give up waiting after this long', '3600')
  .action(async (local: { patch?: string; tenant?: string; wait?: boolean; timeout: string }, command: Command) => {
    const { client, options } = context(command);
    const query = new URLSearchParams({ ...(local.patch ? { patchId: local.patch } : {}), ...(local.tenant ? { tenantId: local.tenant } : {}) });
    if (local.wait) await waitForRuns(client, query, Number(local.timeout) * 1000, Boolean(options.json));
    const rows = await listRuns(client, query);
    print(options, rows, () => runsTable(rows) || 'no runs');
    if (local.wait && rows.some((row) => (row.verdict ?? row.status) !== 'passed')) process.exitCode = 1;
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

program.command('dead-letters').description('list messages the services could not process').action(async (_local, command: Command) => {
  const { client, options } = context(command);
  const letters = await client.reporter<unknown>('GET', '/dead-letters');
  print(options, letters, () => JSON.stringify(letters, null, 2));
});

async function listRuns(client: ApiClient, query: URLSearchParams): Promise<RunRow[]> {
  const body = await client.reporter<RunRow[] | { runs: RunRow[] }>('GET', `/runs?${query}`);
  return Array.isArray(body) ? body : body.runs;
}

/** Polls the summary; on a terminal, redraws one progress line; otherwise prints changes only. */
async function waitForRuns(client: ApiClient, query: URLSearchParams, timeoutMs: number, json: boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const tty = process.stderr.isTTY && !json;
  let last = '';
  for (;;) {
    const summary = await client.reporter<RunSummary>('GET', `/runs/summary?${query}`);
    const line = progressLine(summary);
    if (tty) process.stderr.write(`\r${line}`);
    else if (line !== last && !json) process.stderr.write(`${line}\n`);
    last = line;
    if (isFinished(summary)) break;
    if (Date.now() > deadline) throw new Error(`runs still open after ${timeoutMs / 1000} s: ${line}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (tty) process.stderr.write('\n');
}

interface ReportView {
  run: { runId: string; tenant: { id: string }; patch: { id: string; title?: string }; status: string };
  verdict: string | null;
  failure: { step: string; reason: string } | null;
  counts: { selected: number; executed: number; passed: number; failed: number; errored: number; skipped: number };
  vms: Array<{ vmId: string; name: string | null; tiers: Array<{ tier: string; results: Array<{ name: string; target?: string; status: string; output: string }> }> }>;
  timings: Array<{ step: string; durationMs: number }>;
  unknownSoftware: Array<{ vmId: string; packages: string[] }>;
}

function humanReport(report: ReportView): string {
  const { run, counts } = report;
  const lines = [
    `run ${run.runId}: ${report.verdict ?? run.status} — ${run.patch.id} on tenant ${run.tenant.id}`,
    `tests: ${counts.selected} selected, ${counts.executed} executed, ${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errors`,
  ];
  if (report.failure) lines.push(`failed at ${report.failure.step}: ${report.failure.reason}`);
  for (const vm of report.vms) {
    lines.push(`vm ${vm.name ?? vm.vmId}`);
    for (const tier of vm.tiers) for (const result of tier.results) lines.push(`  ${result.status.padEnd(7)} ${tier.tier.padEnd(15)} ${result.name}${result.target ? ` [${result.target}]` : ''}`);
  }
  if (report.timings.length) lines.push(`timings: ${report.timings.map((timing) => `${timing.step} ${timing.durationMs} ms`).join(', ')}`);
  for (const unknown of report.unknownSoftware) lines.push(`unknown software on ${unknown.vmId}: ${unknown.packages.join(', ')}`);
  return lines.join('\n');
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`patchproof: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
