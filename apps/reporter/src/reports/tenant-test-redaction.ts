import { redactedIdentity, tenantTestAlias, tenantTestAliases, TestResult } from '@patchproof/contracts';
import { RunRecord, SelectedTestRef } from '../run-ledger/run.entity';

type Aliases = Map<string, string>;

/**
 * The run with every tenant-registered test (tier `tenant`) redacted, for callers who may read the
 * run but not the tenant's own tests (viewers: provider staff). Each such test keeps its place in the
 * selection, preparations and results — so counts, verdicts and per-tier groups agree with the full
 * report — and its tier, subject, version, VM, target, status and duration, under an opaque id
 * ("tenant-test-1", the same as the test-runner shows); its id, name, output and measurement are
 * dropped. Fields are copied by name, so a field added later stays hidden until chosen here.
 */
export function redactTenantTests(run: RunRecord): RunRecord {
  const aliases = tenantTestAliases([...(run.selected ?? []), ...(run.preparations ?? []), ...(run.results ?? [])]);
  if (aliases.size === 0) return run;
  return Object.assign(new RunRecord(), run, {
    selected: run.selected?.map((test) => redactSelected(test, aliases)) ?? null,
    preparations: run.preparations?.map((result) => redactResult(result, aliases)) ?? null,
    results: run.results?.map((result) => redactResult(result, aliases)) ?? null,
  });
}

function redactSelected(test: SelectedTestRef, aliases: Aliases): SelectedTestRef {
  const alias = tenantTestAlias(test, aliases);
  return alias ? redactedIdentity(test, alias) : test;
}

function redactResult(result: TestResult, aliases: Aliases): TestResult {
  const alias = tenantTestAlias(result, aliases);
  return alias ? { ...redactedIdentity(result, alias), status: result.status, durationMs: result.durationMs, output: '' } : result;
}
