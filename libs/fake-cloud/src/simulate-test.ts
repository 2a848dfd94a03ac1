import { resultIdentity, SelectedTest, TestResult, testLabel } from '@patchproof/contracts';
import { TestPhase } from '@patchproof/vm-access';
import { FakeServiceState, FakeVmState } from './fake-cloud.types';
import { seededFraction } from './seeded-random';

const SAMPLE_TEXT = '日本語テキストの往復確認';

/**
 * How a test behaves against a simulated VM. The test's `definition.service` names the service it
 * exercises: a stopped service fails the test, corrupted data fails data tests, a slowdown beyond
 * the threshold fails performance tests. Prepare seeds data and records baselines on the VM.
 */
export function simulateTest(vm: FakeVmState, test: SelectedTest, phase: TestPhase, seed: number): { state: FakeVmState; result: TestResult } {
  const base = { ...resultIdentity(test), vmId: vm.vmId, durationMs: 0 };
  const serviceName = typeof test.definition.service === 'string' ? test.definition.service : undefined;
  const service = serviceName ? vm.services.find((item) => item.name === serviceName) : undefined;
  if (serviceName && !service) return { state: vm, result: { ...base, status: 'error', output: `simulated: ${serviceName} is not on ${vm.name}` } };
  if (service && !service.running) return { state: vm, result: { ...base, status: 'failed', output: `simulated: connection refused, ${service.name} is not running` } };
  if (test.subject === 'data') return dataTest(vm, test, phase, service, base);
  if (test.subject === 'performance') return performanceTest(vm, test, phase, service, seed, base);
  return { state: vm, result: { ...base, status: 'passed', output: `simulated: ${test.name} ${phase} ok` } };
}

type Base = Omit<TestResult, 'status' | 'output'>;

/**
 * Where the VM keeps a test's seeded data and baseline, and what seeds its jitter: the test id, with
 * the target only when there is one, so the simulation of tests with one target stays as it was.
 */
const stateKeyOf = testLabel;

function dataTest(vm: FakeVmState, test: SelectedTest, phase: TestPhase, service: FakeServiceState | undefined, base: Base) {
  if (phase === 'prepare') {
    return { state: { ...vm, data: { ...vm.data, [stateKeyOf(test)]: SAMPLE_TEXT } }, result: { ...base, status: 'passed' as const, output: `simulated: seeded "${SAMPLE_TEXT}"` } };
  }
  const stored = vm.data[stateKeyOf(test)];
  const read = service?.corrupted && stored ? Buffer.from(stored, 'utf8').toString('latin1') : stored;
  const ok = read === SAMPLE_TEXT;
  return { state: vm, result: { ...base, status: ok ? ('passed' as const) : ('failed' as const), output: ok ? 'simulated: read back intact' : `simulated: expected "${SAMPLE_TEXT}", read "${read ?? '(nothing)'}"` } };
}

function performanceTest(vm: FakeVmState, test: SelectedTest, phase: TestPhase, service: FakeServiceState | undefined, seed: number, base: Base) {
  const jitter = 0.97 + 0.06 * seededFraction(seed, vm.vmId, stateKeyOf(test), phase);
  const measured = 100 * jitter * (service?.slowdown ?? 1);
  if (phase === 'prepare') {
    return { state: { ...vm, baselines: { ...vm.baselines, [stateKeyOf(test)]: measured } }, result: { ...base, status: 'passed' as const, output: `simulated baseline ${measured.toFixed(1)} ms` } };
  }
  const baseline = vm.baselines[stateKeyOf(test)];
  const threshold = typeof test.definition.threshold === 'number' ? test.definition.threshold : 1.2;
  if (baseline === undefined) return { state: vm, result: { ...base, status: 'error' as const, output: 'simulated: no baseline was taken before the patch' } };
  const ok = measured / baseline <= threshold;
  return {
    state: vm,
    result: {
      ...base, status: ok ? ('passed' as const) : ('failed' as const),
      output: `simulated: ${measured.toFixed(1)} ms after vs ${baseline.toFixed(1)} ms before (limit x${threshold})`,
      measurement: { baseline, after: measured, threshold, unit: 'ms' },
    },
  };
}
