import {
  EnvironmentReplicatedV1, InventoryCollectedV1, PatchAppliedV1, PipelineStep, ReplicaReleasedV1, RolloutCompletedV1, RunQueuedV1, RunRequestedV1,
  resultIdentity, TestsSelectedV1,
} from '@patchproof/contracts';
import { StepOutcome } from './run-step.entity';
import { RunRecord } from './run.entity';

/** What the reporter keeps from events besides step times. */
export type RunFacts = Partial<Pick<
  RunRecord,
  'replica' | 'selected' | 'unknownSoftware' | 'preparations' | 'patchResults' | 'results' | 'releaseAction' | 'rolloutStatus' | 'rolloutReason'
>>;

/** What one event means for its run's timeline. */
export interface RunProgress {
  /** The step this event ends (successfully unless `outcome` says otherwise). */
  completes?: PipelineStep;
  outcome?: StepOutcome;
  /** A step this event starts without ending one (run.queued starts admission). */
  starts?: PipelineStep;
  facts?: RunFacts;
}

/** What the events that cannot change a verdict mean for the timeline. */
export const progressOf = {
  queued: (_: RunQueuedV1): RunProgress => ({ starts: 'admission' }),
  requested: (_: RunRequestedV1): RunProgress => ({ completes: 'admission' }),
  replicated: (payload: EnvironmentReplicatedV1): RunProgress => ({ completes: 'replicate', facts: { replica: payload.replica } }),
  inventoryCollected: (payload: InventoryCollectedV1): RunProgress => ({ completes: 'inventory', facts: { replica: payload.replica } }),
  testsSelected: (payload: TestsSelectedV1): RunProgress => ({
    completes: 'select',
    facts: {
      replica: payload.replica,
      selected: payload.tests.map(resultIdentity),
      unknownSoftware: payload.unknownSoftware,
    },
  }),
  patchApplied: (payload: PatchAppliedV1): RunProgress => ({
    completes: 'apply',
    facts: {
      replica: payload.replica,
      // Events from before verdict semantics carry no status: they were sent only when every VM was patched.
      patchResults: payload.vms.map(({ vmId, status, failure, changed, restarted, rebooted }) => ({
        vmId, status: status ?? 'applied', ...(failure ? { failure } : {}), changed, restarted, rebooted,
      })),
    },
  }),
  released: (payload: ReplicaReleasedV1): RunProgress => ({ completes: 'release', facts: { releaseAction: payload.action } }),
  rolledOut: (payload: RolloutCompletedV1): RunProgress => ({
    completes: 'rollout',
    outcome: payload.status === 'applied' ? 'completed' : 'failed',
    facts: { rolloutStatus: payload.status, rolloutReason: payload.reason ?? null },
  }),
};
