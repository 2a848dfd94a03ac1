import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsDefined, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength,
  Min, MinLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { PatchSpec } from './patch';
import { TenantSpec } from './tenant';

/** One verification run: one patch on one tenant. Carried by every event of the run. */
export class RunContext {
  @IsUUID()
  runId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => PatchSpec)
  patch!: PatchSpec;

  @IsDefined()
  @ValidateNested()
  @Type(() => TenantSpec)
  tenant!: TenantSpec;
}

export const OS_FAMILIES = ['debian', 'rhel', 'alpine', 'windows', 'unknown'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

export class VmRef {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'vmId must be an identifier' })
  vmId!: string;

  @IsString()
  @MaxLength(128)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  address?: string;

  @IsIn(OS_FAMILIES)
  osFamily!: OsFamily;
}

export class LoadBalancerRef {
  @IsString()
  @MaxLength(128)
  name!: string;

  @IsString()
  @MaxLength(64)
  address!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;
}

export class ReplicaSpec {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'replicaId must be an identifier' })
  replicaId!: string;

  @IsString()
  provider!: string;

  /** true when an earlier run's retained replica was reused instead of creating one. */
  @IsBoolean()
  reused!: boolean;

  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => VmRef)
  vms!: VmRef[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LoadBalancerRef)
  loadBalancers?: LoadBalancerRef[];
}

export class InstalledPackage {
  @IsString()
  @MaxLength(200)
  name!: string;

  @IsString()
  @MaxLength(100)
  version!: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  arch?: string;
}

export class ListeningService {
  @IsString()
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  port?: number;
}

export class OsInfo {
  @IsIn(OS_FAMILIES)
  family!: OsFamily;

  @IsString()
  @MaxLength(100)
  name!: string;

  @IsString()
  @MaxLength(100)
  version!: string;
}

export class VmInventory {
  @IsString()
  vmId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => OsInfo)
  os!: OsInfo;

  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => InstalledPackage)
  packages!: InstalledPackage[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ListeningService)
  services!: ListeningService[];
}

export const TEST_TIERS = ['function-group', 'software-group', 'software', 'tenant'] as const;
export type TestTier = (typeof TEST_TIERS)[number];
export const TEST_SUBJECTS = ['function', 'data', 'performance'] as const;
export type TestSubject = (typeof TEST_SUBJECTS)[number];
export const TEST_SITES = ['remote', 'local'] as const;
export type TestSite = (typeof TEST_SITES)[number];

/** A test chosen for one VM, with why it was chosen and the exact definition version to run. */
export class SelectedTest {
  @IsString()
  @MaxLength(128)
  testId!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsString()
  @MaxLength(200)
  name!: string;

  @IsString()
  vmId!: string;

  /** The software the test exercises when one VM has several targets for it (for example two DBMS); absent when the test has one target on the VM. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  target?: string;

  @IsIn(TEST_TIERS)
  tier!: TestTier;

  @IsIn(TEST_SUBJECTS)
  subject!: TestSubject;

  @IsIn(TEST_SITES)
  site!: TestSite;

  @IsString()
  @MaxLength(500)
  reason!: string;

  /** The executable definition, interpreted by the test runner (validated there). */
  @IsObject()
  definition!: Record<string, unknown>;

  @IsInt()
  @Min(100)
  @Max(3_600_000)
  timeoutMs!: number;
}

export const TEST_STATUSES = ['passed', 'failed', 'error', 'skipped'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

export class TestResult {
  @IsString()
  testId!: string;

  @IsInt()
  version!: number;

  @IsString()
  name!: string;

  @IsString()
  vmId!: string;

  /** The software the test exercises when one VM has several targets for it (for example two DBMS); absent when the test has one target on the VM. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  target?: string;

  @IsIn(TEST_TIERS)
  tier!: TestTier;

  @IsIn(TEST_SUBJECTS)
  subject!: TestSubject;

  @IsIn(TEST_STATUSES)
  status!: TestStatus;

  @IsInt()
  @Min(0)
  durationMs!: number;

  /** Captured output, at most 4 KiB (the runner keeps the tail) so a run's events stay far below NATS's 1 MB limit. */
  @IsString()
  @MaxLength(4096)
  output!: string;

  /** Performance tests: the measurement before and after the patch, and the allowed slowdown ratio. */
  @IsOptional()
  @IsObject()
  measurement?: { baseline: number; after: number; threshold: number; unit: string };
}

export class UnknownSoftware {
  @IsString()
  vmId!: string;

  @IsArray()
  @IsString({ each: true })
  packages!: string[];

  /**
   * Further installed packages no catalog entry covers and not listed above (libraries and tools):
   * counted, so nothing is dropped unseen; the VM's inventory (GET /inventories/:runId) names them.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  otherPackages?: number;
}

export class PackageChange {
  @IsString()
  name!: string;

  @IsString()
  before!: string;

  @IsString()
  after!: string;
}

/**
 * How installing a patch ended on one VM. `applied`: the patch is on and every service it touched came
 * back. `failed`: the patched system misbehaves: a bad patch, not a platform fault (see ApplyFailure).
 * `error`: patchproof could not do its job on this VM (SSH unreachable before the patch, its own
 * timeouts); only reported beside a `failed` VM, whose finding outranks it.
 */
export const APPLY_STATUSES = ['applied', 'failed', 'error'] as const;
export type ApplyStatus = (typeof APPLY_STATUSES)[number];

/**
 * What a patch did wrong on a VM:
 * - `service-restart`: a service the patch touched was refused its restart or did not come back;
 * - `reboot`: the VM or one of its services did not come back after the reboot the patch needed;
 * - `maintainer-script`: the package's own preinst/postinst/prerm failed (dpkg/apt error);
 * - `dependency`: the package cannot be installed with what the VM has (unmet dependencies, conflicts);
 * - `checksum`: an artifact's SHA-256 is not the declared one: refused before anything was installed;
 * - `platform`: with status `error` only: patchproof's own failure on that VM.
 */
export const APPLY_FAILURE_KINDS = ['service-restart', 'reboot', 'maintainer-script', 'dependency', 'checksum', 'platform'] as const;
export type ApplyFailureKind = (typeof APPLY_FAILURE_KINDS)[number];

/** A server's own configuration check (`nginx -t`, `haproxy -c -f …`, `postgres -C …`) run after a failed restart. */
export class ConfigCheck {
  @IsString()
  @MaxLength(500)
  command!: string;

  @IsInt()
  exitCode!: number;

  @IsString()
  @MaxLength(4096)
  output!: string;
}

/** The evidence of a failed or errored installation on one VM. */
export class ApplyFailure {
  @IsIn(APPLY_FAILURE_KINDS)
  kind!: ApplyFailureKind;

  /** One line: what went wrong, e.g. "nginx did not come back after its restart (exit status 1)". */
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  /** The service that did not come back, for `service-restart` and `reboot`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  service?: string;

  /** Exit status of the refused command (restart, dpkg, apt-get). */
  @IsOptional()
  @IsInt()
  exitCode?: number;

  /** The last lines of the service's log (journal, its log files) or of the failed command's output. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  logTail?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ConfigCheck)
  configCheck?: ConfigCheck;
}

export class VmPatchResult {
  @IsString()
  vmId!: string;

  /** Absent in events from before verdict semantics: `applied`. */
  @IsOptional()
  @IsIn(APPLY_STATUSES)
  status?: ApplyStatus;

  /** Required with status `failed` or `error`, absent otherwise. */
  @ValidateIf((result: VmPatchResult) => result.failure !== undefined || result.status === 'failed' || result.status === 'error')
  @IsDefined({ message: 'failure is required when status is failed or error' })
  @ValidateNested()
  @Type(() => ApplyFailure)
  failure?: ApplyFailure;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PackageChange)
  changed!: PackageChange[];

  @IsArray()
  @IsString({ each: true })
  restarted!: string[];

  @IsBoolean()
  rebooted!: boolean;

  /** The exact commands run on the VM and what they printed, for the run's log. */
  @IsString()
  @MaxLength(65536)
  log!: string;
}

export const PIPELINE_STEPS = [
  'admission', 'replicate', 'inventory', 'select', 'prepare', 'apply', 'test', 'report', 'release', 'rollout',
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

export class StepTiming {
  @IsIn(PIPELINE_STEPS)
  step!: PipelineStep;

  @IsISO8601()
  startedAt!: string;

  @IsISO8601()
  completedAt!: string;

  @IsInt()
  @Min(0)
  durationMs!: number;
}

export const VERDICTS = ['passed', 'failed', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

export class FailureInfo {
  @IsIn(PIPELINE_STEPS)
  step!: PipelineStep;

  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason!: string;
}
