import { displayName, FailureInfo, TestResult, testKey, Verdict } from '@patchproof/contracts';
import { PatchOutcome, SelectedTestRef } from '../run-ledger/run.entity';

export interface Conclusion {
  verdict: Verdict;
  failure?: FailureInfo;
}

/** FailureInfo.reason is bounded by the contract. */
const MAX_REASON = 4000;
const NAMED = 5;

export const NO_TESTS_SELECTED = 'no tests selected';

/** A failed or errored preparation (data seeding, baseline) makes the run's tests meaningless: error at `prepare`. */
export function preparationFailure(preparations: TestResult[]): FailureInfo | undefined {
  const bad = preparations.filter((preparation) => preparation.status === 'failed' || preparation.status === 'error');
  if (bad.length === 0) return undefined;
  return { step: 'prepare', reason: bounded(`${bad.length} of ${preparations.length} preparations did not succeed: ${names(bad, true)}`) };
}

/**
 * The verdict of a run's test results, most severe finding first:
 * - nothing selected (and nothing ran) → error "no tests selected";
 * - any test failed → failed (a definite finding outranks inconclusive errors beside it);
 * - any test errored → error;
 * - a selected test without a result → error (it never ran, so it cannot count as passed);
 * - every result skipped → error (nothing was verified, so a pass would license an unverified rollout);
 * - otherwise → passed (skipped tests are allowed beside passed ones).
 */
export function verdictOfResults(selected: SelectedTestRef[], results: TestResult[]): Conclusion {
  if (selected.length === 0 && results.length === 0) return error('select', NO_TESTS_SELECTED);
  const failed = results.filter((result) => result.status === 'failed');
  const errored = results.filter((result) => result.status === 'error');
  if (failed.length > 0) {
    const also = errored.length > 0 ? `; ${errored.length} errored: ${names(errored)}` : '';
    return { verdict: 'failed', failure: { step: 'test', reason: bounded(`${failed.length} of ${results.length} tests failed: ${names(failed)}${also}`) } };
  }
  if (errored.length > 0) return error('test', `${errored.length} of ${results.length} tests errored: ${names(errored)}`);
  const missing = missingResults(selected, results);
  if (missing.length > 0) return error('test', `${missing.length} of ${selected.length} selected tests have no result: ${names(missing)}`);
  if (results.every((result) => result.status === 'skipped')) return error('test', `no tests executed: all ${results.length} were skipped`);
  return { verdict: 'passed' };
}

/**
 * The verdict of a run that reached its tests, from each VM's apply outcome and the test results:
 * - the patch failed on a VM (a service it touched did not come back, its maintainer scripts failed,
 *   its dependencies are unmet, a checksum is wrong) → failed at step `apply`, naming each VM and what
 *   broke; the tests ran anyway and what they found is appended (a definite finding outranks errors);
 * - a VM patchproof could not patch (status `error`, only reported beside a failed one) → error at `apply`;
 * - otherwise the test results decide (`verdictOfResults`).
 * Outcomes without a status (events from before verdict semantics) count as applied.
 */
export function verdictOfRun(selected: SelectedTestRef[], results: TestResult[], applied: PatchOutcome[]): Conclusion {
  const failedVms = applied.filter((vm) => vm.status === 'failed');
  const erroredVms = applied.filter((vm) => vm.status === 'error');
  const tests = verdictOfResults(selected, results);
  if (failedVms.length > 0) {
    const also = [
      ...(erroredVms.length > 0 ? [`${erroredVms.length} could not be patched: ${vmReasons(erroredVms)}`] : []),
      ...(tests.verdict !== 'passed' && tests.failure ? [`tests: ${tests.failure.reason}`] : results.length > 0 ? [`tests: all ${results.length} results passed or skipped`] : []),
    ];
    return { verdict: 'failed', failure: { step: 'apply', reason: bounded(`patch failed on ${failedVms.length} of ${applied.length} VMs: ${vmReasons(failedVms)}${also.map((part) => `; ${part}`).join('')}`) } };
  }
  if (erroredVms.length > 0) return error('apply', `patch could not be applied on ${erroredVms.length} of ${applied.length} VMs: ${vmReasons(erroredVms)}`);
  return tests;
}

function vmReasons(vms: PatchOutcome[]): string {
  return vms.map((vm) => `${vm.vmId}: ${vm.failure?.reason ?? 'no reason given'}`).join('; ');
}

function missingResults(selected: SelectedTestRef[], results: TestResult[]): SelectedTestRef[] {
  const reported = new Set(results.map(testKey));
  return selected.filter((test) => !reported.has(testKey(test)));
}

function error(step: FailureInfo['step'], reason: string): Conclusion {
  return { verdict: 'error', failure: { step, reason: bounded(reason) } };
}

/** How a failure reason names a tenant-registered test: never by its name (see `nameInReason`). */
const TENANT_TEST_IN_REASON = 'tenant test';

/**
 * A test as a failure reason names it. The reason is a summary shown wherever the run is (run lists,
 * the dashboard, verification.completed and its webhook) to everyone who may see the run, viewers
 * included, so a tenant-registered test is named by tier only; the report names it to those who may
 * see it (operators and its tenant).
 */
function nameInReason(test: Pick<TestResult, 'vmId' | 'name' | 'target' | 'tier'>): string {
  return `${test.vmId}/${displayName(test.tier === 'tenant' ? { name: TENANT_TEST_IN_REASON, target: test.target } : test)}`;
}

function names(tests: Array<Pick<TestResult, 'vmId' | 'name' | 'target' | 'tier'> & { status?: string }>, withStatus = false): string {
  const shown = tests.slice(0, NAMED).map((test) => `${nameInReason(test)}${withStatus && test.status ? ` (${test.status})` : ''}`);
  const more = tests.length > NAMED ? ` and ${tests.length - NAMED} more` : '';
  return `${shown.join(', ')}${more}`;
}

export function bounded(reason: string): string {
  const text = reason.trim() || 'no reason given';
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}
