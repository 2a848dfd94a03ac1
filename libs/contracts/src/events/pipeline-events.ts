import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDefined, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { PatchSpec } from './patch';
import {
  FailureInfo, PIPELINE_STEPS, PipelineStep, ReplicaSpec, RunContext, SelectedTest, StepTiming, TestResult, UnknownSoftware,
  VERDICTS, Verdict, VmInventory, VmPatchResult,
} from './run';

/** Every run event carries its run context, so no service needs another's tables. */
abstract class RunEvent {
  @IsDefined()
  @ValidateNested()
  @Type(() => RunContext)
  run!: RunContext;
}

abstract class ReplicaEvent extends RunEvent {
  @IsDefined()
  @ValidateNested()
  @Type(() => ReplicaSpec)
  replica!: ReplicaSpec;
}

export class PatchPublishedV1 {
  @IsDefined()
  @ValidateNested()
  @Type(() => PatchSpec)
  patch!: PatchSpec;

  @IsInt()
  @Min(0)
  runsCreated!: number;
}

/** A run was created by fan-out and waits for admission. */
export class RunQueuedV1 extends RunEvent {
  @IsISO8601()
  queuedAt!: string;
}

export class RunRequestedV1 extends RunEvent {
  @IsISO8601()
  requestedAt!: string;
}

export class EnvironmentReplicatedV1 extends ReplicaEvent {}

export class InventoryCollectedV1 extends ReplicaEvent {
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => VmInventory)
  inventories!: VmInventory[];
}

export class TestsSelectedV1 extends ReplicaEvent {
  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => SelectedTest)
  tests!: SelectedTest[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UnknownSoftware)
  unknownSoftware!: UnknownSoftware[];
}

export class TestsPreparedV1 extends ReplicaEvent {
  /** Outcome of prepare steps (data seeding, performance baselines); a failed one fails the run. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TestResult)
  preparations!: TestResult[];
}

export class PatchAppliedV1 extends ReplicaEvent {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VmPatchResult)
  vms!: VmPatchResult[];
}

export class TestsCompletedV1 extends ReplicaEvent {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TestResult)
  results!: TestResult[];
}

/** Any service that cannot complete its step for a run says so with this event. */
export class RunFailedV1 extends RunEvent {
  @IsOptional()
  @ValidateNested()
  @Type(() => ReplicaSpec)
  replica?: ReplicaSpec;

  @IsIn(PIPELINE_STEPS)
  step!: PipelineStep;

  @IsString()
  reason!: string;
}

export class VerificationCompletedV1 extends RunEvent {
  @IsOptional()
  @ValidateNested()
  @Type(() => ReplicaSpec)
  replica?: ReplicaSpec;

  @IsIn(VERDICTS)
  verdict!: Verdict;

  @IsOptional()
  @ValidateNested()
  @Type(() => FailureInfo)
  failure?: FailureInfo;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TestResult)
  results!: TestResult[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StepTiming)
  timings!: StepTiming[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UnknownSoftware)
  unknownSoftware!: UnknownSoftware[];
}

/** `release-failed`: the driver could not release the replica; it stays for the reaper or an operator. */
export const RELEASE_ACTIONS = ['deleted', 'retained', 'volumes-retained', 'nothing-to-release', 'release-failed'] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

export class ReplicaReleasedV1 extends RunEvent {
  @IsOptional()
  @IsString()
  replicaId?: string;

  @IsIn(RELEASE_ACTIONS)
  action!: ReleaseAction;

  /** Why the release failed (with `release-failed`). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @IsIn(VERDICTS)
  verdict!: Verdict;
}

export class RolloutCompletedV1 extends RunEvent {
  @IsIn(['applied', 'failed'])
  status!: 'applied' | 'failed';

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => VmPatchResult)
  vms!: VmPatchResult[];

  @IsOptional()
  @IsString()
  reason?: string;
}
