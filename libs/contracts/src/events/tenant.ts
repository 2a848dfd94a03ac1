import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsTimeZone, Matches, Max, MaxLength, Min, MinLength,
  registerDecorator, ValidateNested, ValidationArguments,
} from 'class-validator';
import { cronExpressionError } from './cron-expression';
import { SEVERITIES, Severity } from './patch';

export const REPLICA_RETENTIONS = ['delete', 'retain', 'volumes'] as const;
export type ReplicaRetention = (typeof REPLICA_RETENTIONS)[number];

/** Validates a five-field cron expression; the message names the property and the bad field. */
function IsCronExpression(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCronExpression',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => cronExpressionError(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be a cron expression: ${cronExpressionError(args?.value)}`,
      },
    });
}

/** A time the tenant allows rollouts in: opens at each match of `start` (cron, in `timeZone`), open `durationMinutes`. */
export class MaintenanceWindow {
  /** When the window opens: `minute hour day-of-month month day-of-week`, e.g. `0 2 * * 1-5` (02:00 on weekdays). */
  @IsCronExpression()
  start!: string;

  /** How long it stays open, 1 minute to 7 days. */
  @IsInt()
  @Min(1)
  @Max(10080)
  durationMinutes!: number;

  /** An IANA time zone, e.g. Europe/Berlin; `start` is read in it (daylight saving included). */
  @IsTimeZone()
  timeZone!: string;
}

/** How a passed patch reaches the tenant's real environment. */
export class RolloutPolicy {
  /** Rollouts start only inside one of these windows; none (or omitted) means any time. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MaintenanceWindow)
  maintenanceWindows?: MaintenanceWindow[];
}

export class TenantPolicy {
  /** Patches below this severity are not verified for the tenant. */
  @IsIn(SEVERITIES)
  minSeverity!: Severity;

  /** Roll the patch out to the real environment when every test passed. */
  @IsBoolean()
  autoApply!: boolean;

  /** delete: a full replica per run; retain: keep it for the next patch; volumes: keep only volumes. */
  @IsIn(REPLICA_RETENTIONS)
  replicaRetention!: ReplicaRetention;

  /** When and how a passed patch is rolled out (omitted: at once, any time). */
  @IsOptional()
  @ValidateNested()
  @Type(() => RolloutPolicy)
  rollout?: RolloutPolicy;
}

/** What the pipeline needs to know of a tenant; travels with every event of a run. */
export class TenantSpec {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be 1-63 lowercase letters, digits or "-"' })
  id!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @Matches(/^[a-z][a-z0-9-]{0,31}$/, { message: 'provider must name a replicator driver' })
  provider!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  environmentRef!: string;

  /** A reference to credentials the platform stores encrypted; never the secret itself. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  credentialsRef?: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => TenantPolicy)
  policy!: TenantPolicy;
}
