import { Inject, Injectable } from '@nestjs/common';
import { ReplicaSpec, resultIdentity, RunContext, SelectedTest, TestResult, testKey, testLabel } from '@patchproof/contracts';
import { errorMessage, mapSettled, ProviderRegistry, replicaVmTarget, TestExecutor, TestPhase, VmAccessError } from '@patchproof/vm-access';
import { TimeoutError, withTimeout } from '../common/with-timeout';
import { TEST_EXECUTORS } from '../drivers/drivers.module';
import { TestRunnerConfig } from '../test-runner.config';
import { MeasurementGate } from './measurement-gate';

/** TestResult.output holds at most this many characters; the note saying how much was cut fits in the rest. */
const MAX_OUTPUT = 4096; // TestResult.output is capped at 4 KiB by the contract
const CUT_NOTE_ROOM = 64;

/**
 * Runs tests of one phase on a run's replica: TEST_CONCURRENCY VMs at a time, and one VM's tests one
 * after another — they share the VM, and a restart or a performance test would disturb a test
 * running beside it. A performance test measures alone: no other test of this runner runs meanwhile,
 * on any VM (MeasurementGate). Each test runs within its own timeout. Every test yields a result: a test that fails is `failed`; a VM that cannot be reached,
 * or a test that does not finish in time, is `error`. Calls are keyed per run, phase and test (and target), so a
 * redelivery after a crash gets the recorded outcome instead of running the test again.
 */
@Injectable()
export class TestExecutionService {
  private readonly gate = new MeasurementGate();

  constructor(
    @Inject(TEST_EXECUTORS) private readonly executors: ProviderRegistry<TestExecutor>,
    private readonly config: TestRunnerConfig,
  ) {}

  async runAll(run: RunContext, replica: ReplicaSpec, tests: SelectedTest[], phase: TestPhase): Promise<TestResult[]> {
    const byVm = [...groupByVm(tests).values()];
    const settled = await mapSettled(byVm, this.config.TEST_CONCURRENCY, async (vmTests) => {
      const results: TestResult[] = [];
      for (const test of vmTests) results.push(await this.runOne(run, replica, test, phase));
      return results;
    });
    // runOne turns every failure into a result, so nothing here is rejected.
    const results = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    const order = new Map(tests.map((test, index) => [testKey(test), index]));
    return results.sort((a, b) => (order.get(testKey(a)) ?? 0) - (order.get(testKey(b)) ?? 0));
  }

  private async runOne(run: RunContext, replica: ReplicaSpec, test: SelectedTest, phase: TestPhase): Promise<TestResult> {
    const started = Date.now();
    try {
      const attempt = (): Promise<TestResult> => withTimeout(this.execute(run, replica, test, phase), test.timeoutMs, `${phase} of ${testLabel(test)} on ${test.vmId}`);
      const result = await (test.subject === 'performance' ? this.gate.exclusive(attempt) : this.gate.shared(attempt));
      return { ...resultIdentity(test), status: result.status, durationMs: Math.max(0, Math.round(result.durationMs)), output: capped(result.output), measurement: result.measurement };
    } catch (error) {
      const output = error instanceof TimeoutError ? error.message : `infrastructure error during ${phase}: ${errorMessage(error)}`;
      return { ...resultIdentity(test), status: 'error', durationMs: Date.now() - started, output: capped(output) };
    }
  }

  private async execute(run: RunContext, replica: ReplicaSpec, test: SelectedTest, phase: TestPhase): Promise<TestResult> {
    const vm = replica.vms.find((candidate) => candidate.vmId === test.vmId);
    if (!vm) throw new VmAccessError(`VM ${test.vmId} is not part of replica ${replica.replicaId}`, test.vmId);
    const executor = this.executors.get(run.tenant.provider);
    return executor.run(replicaVmTarget(run, replica, vm), test, phase, { runId: run.runId, step: stepOf(test, phase) });
  }
}

function stepOf(test: SelectedTest, phase: TestPhase): string {
  return test.target === undefined ? `${phase}:${test.testId}` : `${phase}:${test.testId}:${test.target}`;
}


/** Keeps the end of a long output, where failures are usually reported. */
function capped(output: string): string {
  if (output.length <= MAX_OUTPUT) return output;
  const kept = MAX_OUTPUT - CUT_NOTE_ROOM;
  return `[${output.length - kept} characters cut]\n${output.slice(-kept)}`;
}

function groupByVm(tests: SelectedTest[]): Map<string, SelectedTest[]> {
  const groups = new Map<string, SelectedTest[]>();
  for (const test of tests) groups.set(test.vmId, [...(groups.get(test.vmId) ?? []), test]);
  return groups;
}
