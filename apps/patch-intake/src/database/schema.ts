import { Run } from '../admission/run.entity';
import { PatchArtifactRecord } from '../artifacts/patch-artifact.entity';
import { Patch } from '../publication/patch.entity';
import { Subscription } from '../tenants/subscription.entity';
import { Tenant } from '../tenants/tenant.entity';
import { Initial1763900000000 } from './migrations/1763900000000-initial';
import { PatchArtifact1763900000001 } from './migrations/1763900000001-patch-artifact';
import { RolloutPolicy1763900000002 } from './migrations/1763900000002-rollout-policy';

export const PATCH_INTAKE_SCHEMA = 'patch_intake';
export const PATCH_INTAKE_ENTITIES = [Tenant, Subscription, Patch, Run, PatchArtifactRecord];
export const PATCH_INTAKE_MIGRATIONS = [Initial1763900000000, PatchArtifact1763900000001, RolloutPolicy1763900000002];
