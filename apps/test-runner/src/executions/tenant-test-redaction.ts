import { Principal } from '@patchproof/auth';
import { redactedIdentity, redactedSelectedTest, SelectedTest, tenantTestAlias, tenantTestAliases } from '@patchproof/contracts';
import { RunExecutionView, TestResultView } from './dto/run-execution.view';

/**
 * Who sees a run's tenant-registered tests (tier `tenant`) in full: operators and the run's own
 * tenant. Everyone else who may read the run (viewers: provider staff) sees them redacted.
 */
export function seesTenantTests(principal: Principal, runTenantId: string): boolean {
  return principal.role === 'operator' || (principal.role === 'tenant' && principal.tenantId === runTenantId);
}

type Aliases = Map<string, string>;

/**
 * The execution with every tenant-registered test redacted: it keeps its place (so counts agree with
 * the full view), tier, subject, version, VM, target, status and duration under an opaque id
 * ("tenant-test-1"); its id, name, reason, definition (parameters included), output and measurement
 * are dropped. Fields are copied by name, so a field added later is not shown until chosen here.
 */
export function redactTenantTests(view: RunExecutionView): RunExecutionView {
  const aliases = tenantTestAliases([...view.tests, ...view.preparations, ...view.results]);
  if (aliases.size === 0) return view;
  return {
    ...view,
    tests: view.tests.map((test) => redactTest(test, aliases)),
    preparations: view.preparations.map((result) => redactResult(result, aliases)),
    results: view.results.map((result) => redactResult(result, aliases)),
  };
}

function redactTest(test: SelectedTest, aliases: Aliases): SelectedTest {
  const alias = tenantTestAlias(test, aliases);
  if (!alias) return test;
  return redactedSelectedTest(test, alias);
}

function redactResult(result: TestResultView, aliases: Aliases): TestResultView {
  const alias = tenantTestAlias(result, aliases);
  if (!alias) return result;
  return {
    ...redactedIdentity(result, alias), status: result.status, durationMs: result.durationMs, output: '',
    ...(result.completedAt === undefined ? {} : { completedAt: result.completedAt }),
  };
}
