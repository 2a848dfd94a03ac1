import {
  EnvironmentReplicatedV1, InventoryCollectedV1, PatchAppliedV1, PatchPublishedV1, ReplicaReleasedV1, RolloutCompletedV1,
  RunFailedV1, RunQueuedV1, RunRequestedV1, TestsCompletedV1, TestsPreparedV1, TestsSelectedV1, VerificationCompletedV1,
} from './events/pipeline-events';

/** The typed event map: subject → payload class. Subjects are versioned; a breaking change is a new subject. */
export const EVENTS = {
  'patchproof.patch.published.v1': PatchPublishedV1,
  'patchproof.run.queued.v1': RunQueuedV1,
  'patchproof.run.requested.v1': RunRequestedV1,
  'patchproof.environment.replicated.v1': EnvironmentReplicatedV1,
  'patchproof.inventory.collected.v1': InventoryCollectedV1,
  'patchproof.tests.selected.v1': TestsSelectedV1,
  'patchproof.tests.prepared.v1': TestsPreparedV1,
  'patchproof.patch.applied.v1': PatchAppliedV1,
  'patchproof.tests.completed.v1': TestsCompletedV1,
  'patchproof.run.failed.v1': RunFailedV1,
  'patchproof.verification.completed.v1': VerificationCompletedV1,
  'patchproof.replica.released.v1': ReplicaReleasedV1,
  'patchproof.rollout.completed.v1': RolloutCompletedV1,
} as const;

export type Subject = keyof typeof EVENTS;
export type PayloadOf<S extends Subject> = InstanceType<(typeof EVENTS)[S]>;

export const SUBJECTS = Object.keys(EVENTS) as Subject[];

export function isSubject(value: string): value is Subject {
  return Object.prototype.hasOwnProperty.call(EVENTS, value);
}

/** Everything the pipeline publishes lives under this prefix, in one stream. */
export const SUBJECT_PREFIX = 'patchproof';
/** Messages that failed validation or exhausted their deliveries, with the reason; a separate stream. */
export const DEAD_LETTER_PREFIX = 'deadletter';
