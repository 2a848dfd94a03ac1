import { ApplicationRecord } from '../application/application.entity';
import { VmPatchResultRecord } from '../installation/vm-patch-result.entity';
import { RolloutCandidateRecord } from '../rollout/rollout-candidate.entity';
import { RolloutRecord } from '../rollout/rollout.entity';
import { Initial1763900000000 } from './migrations/1763900000000-initial';
import { HostKey1763900000001 } from './migrations/1763900000001-host-key';
import { RolloutCandidate1763900000002 } from './migrations/1763900000002-rollout-candidate';
import { ApplyOutcome1763900000010 } from './migrations/1763900000010-apply-outcome';

export const PATCH_APPLIER_SCHEMA = 'patch_applier';
export const PATCH_APPLIER_ENTITIES = [ApplicationRecord, RolloutRecord, RolloutCandidateRecord, VmPatchResultRecord];
export const PATCH_APPLIER_MIGRATIONS = [Initial1763900000000, HostKey1763900000001, RolloutCandidate1763900000002, ApplyOutcome1763900000010];
