import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { SEVERITIES, Severity } from './patch';

export const REPLICA_RETENTIONS = ['delete', 'retain', 'volumes'] as const;
export type ReplicaRetention = (typeof REPLICA_RETENTIONS)[number];

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
