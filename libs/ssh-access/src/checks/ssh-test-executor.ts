import { resultIdentity, SelectedTest, TestResult, TestStatus } from '@patchproof/contracts';
import { OperationKey, TestExecutor, TestPhase, VmAccessError, VmTarget } from '@patchproof/vm-access';
import { tail } from '../connection/transcript';
import { openShell, SshAccessDeps, VmShell } from '../connection/vm-shell';
import { BaselineKey, BaselineStore } from './baseline-store';
import { CheckContext } from './check-context';
import { DefinitionError, parseRunnableTest, RunnableTest } from './definition';
import { DEFAULT_THRESHOLD, measure, measureAfterPatch, withinThreshold } from './performance';
import { runCheck } from './run-check';

/** TestResult.output is capped at 4 KiB by the contract; the end is kept. */
const MAX_OUTPUT = 4096;

interface Verdict {
  status: TestStatus;
  output: string;
  measurement?: TestResult['measurement'];
}

const passedIf = (passed: boolean, output: string): Verdict => ({ status: passed ? 'passed' : 'failed', output });

/**
 * Runs selected tests against a VM: `ssh` on the VM, `http`/`tcp` from here against the VM (or the
 * load balancer), `sql` through the VM's database CLI over SSH (or over the network with
 * `sqlCredentialsRef`). `prepare` runs the definition's prepare step and takes performance baselines;
 * `verify` runs the check and compares performance with the baseline. A check that does not hold
 * is `failed`; a definition that cannot run is `error`; an unreachable VM throws (the runner
 * records `error`).
 */
export class SshTestExecutor implements TestExecutor {
  constructor(private readonly deps: SshAccessDeps & { baselines?: BaselineStore }) {}

  async run(vm: VmTarget, test: SelectedTest, phase: TestPhase, key: OperationKey): Promise<TestResult> {
    const started = Date.now();
    const verdict = await this.verdictOf(vm, test, phase, key, started);
    return {
      ...resultIdentity(test), vmId: vm.vmId,
      status: verdict.status, durationMs: Date.now() - started, output: tail(verdict.output, MAX_OUTPUT), ...(verdict.measurement ? { measurement: verdict.measurement } : {}),
    };
  }

  private async verdictOf(vm: VmTarget, test: SelectedTest, phase: TestPhase, key: OperationKey, started: number): Promise<Verdict> {
    try {
      const runnable = parseRunnableTest(test.definition);
      const context = this.contextOf(vm, runnable, started + test.timeoutMs);
      const baselineKey = { runId: key.runId, vmId: vm.vmId, testId: test.testId, target: test.target };
      return phase === 'prepare' ? await this.prepare(test, runnable, context, baselineKey) : await this.verify(test, runnable, context, baselineKey);
    } catch (error) {
      if (error instanceof DefinitionError) return { status: 'error', output: `invalid test definition: ${error.message}` };
      throw error;
    }
  }

  private contextOf(vm: VmTarget, test: RunnableTest, deadline: number): CheckContext {
    let shell: Promise<VmShell> | undefined;
    return { vm, vault: this.deps.vault, parameters: test.parameters, deadline, shell: () => (shell ??= openShell(this.deps, vm)) };
  }

  private async prepare(test: SelectedTest, runnable: RunnableTest, context: CheckContext, key: BaselineKey): Promise<Verdict> {
    const lines: string[] = [];
    if (runnable.prepare) {
      const prepared = await runCheck(runnable.prepare, context);
      if (!prepared.passed) return { status: 'failed', output: `prepare step failed:\n${prepared.output}` };
      lines.push(`prepared:\n${prepared.output}`);
    }
    if (test.subject === 'performance') {
      const measured = await measure(runnable, () => runCheck(runnable.check, context));
      if (!measured.ok) return { status: 'failed', output: `baseline could not be taken: ${measured.output}` };
      await this.baselines(context).record(key, measured.value, measured.unit);
      lines.push(`baseline ${measured.output}`);
    }
    return passedIf(true, lines.join('\n') || 'nothing to prepare');
  }

  private async verify(test: SelectedTest, runnable: RunnableTest, context: CheckContext, key: BaselineKey): Promise<Verdict> {
    if (test.subject !== 'performance') {
      const outcome = await runCheck(runnable.check, context);
      return passedIf(outcome.passed, outcome.output);
    }
    const baseline = await this.baselines(context).get(key);
    if (baseline === undefined) return { status: 'error', output: 'no baseline was taken before the patch (prepare did not run for this test)' };
    const threshold = runnable.threshold ?? DEFAULT_THRESHOLD;
    const measured = await measureAfterPatch(runnable, baseline, threshold, () => runCheck(runnable.check, context));
    if (!measured.ok) return { status: 'failed', output: measured.output };
    const ok = withinThreshold(baseline, measured.value, threshold);
    const output = `after: ${measured.output}; before: ${baseline} ${measured.unit}; ratio ${(measured.value / baseline).toFixed(2)} (limit x${threshold})`;
    return { ...passedIf(ok, output), measurement: { baseline, after: measured.value, threshold, unit: measured.unit } };
  }

  private baselines(context: CheckContext): BaselineStore {
    if (!this.deps.baselines) throw new VmAccessError('performance test, but this executor has no baseline store', context.vm.vmId);
    return this.deps.baselines;
  }
}
