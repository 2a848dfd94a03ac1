import { FailureInfo, ReplicaSpec, StepTiming, TEST_TIERS, TestResult, TestTier, UnknownSoftware, Verdict } from '@patchproof/contracts';
import { stepTimings } from '../run-ledger/pipeline';
import { RunStepRecord } from '../run-ledger/run-step.entity';
import { PatchOutcome, RunRecord } from '../run-ledger/run.entity';
import { RunView, runView } from './run-views';

export interface TestCounts {
  selected: number;
  executed: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface VmReport {
  vmId: string;
  /** The VM's name in the replica, when the replica is known. */
  name: string | null;
  tiers: Array<{ tier: TestTier; results: TestResult[] }>;
}

export interface RunReport {
  run: RunView & { replica: ReplicaSpec | null };
  verdict: Verdict | null;
  failure: FailureInfo | null;
  counts: TestCounts;
  vms: VmReport[];
  preparations: TestResult[];
  patch: PatchOutcome[];
  timings: StepTiming[];
  unknownSoftware: UnknownSoftware[];
}

export function buildReport(run: RunRecord, steps: RunStepRecord[]): RunReport {
  const view = runView(run, steps);
  const results = run.results ?? [];
  return {
    run: { ...view, replica: run.replica },
    verdict: run.verdict,
    failure: view.failure,
    counts: countResults(run.selected?.length ?? 0, results),
    vms: groupByVm(results, run.replica),
    preparations: run.preparations ?? [],
    patch: run.patchResults ?? [],
    timings: stepTimings(steps),
    unknownSoftware: run.unknownSoftware,
  };
}

export function countResults(selected: number, results: TestResult[]): TestCounts {
  const count = (status: TestResult['status']): number => results.filter((result) => result.status === status).length;
  return {
    selected,
    executed: results.length - count('skipped'),
    passed: count('passed'),
    failed: count('failed'),
    errored: count('error'),
    skipped: count('skipped'),
  };
}

/** VMs in replica order (then any others by id), tiers from the broadest to the tenant's own tests. */
export function groupByVm(results: TestResult[], replica: ReplicaSpec | null): VmReport[] {
  const known = replica?.vms ?? [];
  const vmIds = [...new Set(results.map((result) => result.vmId))].sort((a, b) => rank(a, known) - rank(b, known) || a.localeCompare(b));
  return vmIds.map((vmId) => {
    const ofVm = results.filter((result) => result.vmId === vmId);
    return {
      vmId,
      name: known.find((vm) => vm.vmId === vmId)?.name ?? null,
      tiers: TEST_TIERS.map((tier) => ({ tier, results: ofVm.filter((result) => result.tier === tier) })).filter((tier) => tier.results.length > 0),
    };
  });
}

function rank(vmId: string, known: ReplicaSpec['vms']): number {
  const index = known.findIndex((vm) => vm.vmId === vmId);
  return index === -1 ? known.length : index;
}
