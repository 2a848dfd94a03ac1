import { ApiProperty, OmitType } from '@nestjs/swagger';
import { MaintenanceWindow, REPLICA_RETENTIONS, RolloutPolicy, SEVERITIES, TenantPolicy, TenantSpec } from '@patchproof/contracts';
import { IsDefined } from 'class-validator';
import { documentProperties } from '../../common/document-properties';

// Validation rules are the contract's (inherited); these classes add the OpenAPI description.

export class MaintenanceWindowDto extends MaintenanceWindow {}
documentProperties(MaintenanceWindowDto, {
  start: { example: '0 2 * * 1-5', description: 'When the window opens: a five-field cron expression (minute hour day-of-month month day-of-week) read in timeZone' },
  durationMinutes: { example: 120, minimum: 1, maximum: 10080, description: 'How long the window stays open' },
  timeZone: { example: 'Europe/Berlin', description: 'IANA time zone' },
});

export class RolloutPolicyDto extends RolloutPolicy {}
documentProperties(RolloutPolicyDto, {
  maintenanceWindows: { type: [MaintenanceWindowDto], required: false, description: 'A rollout starts only inside one of these; none means any time' },
});

export class TenantPolicyDto extends TenantPolicy {}
documentProperties(TenantPolicyDto, {
  minSeverity: { enum: SEVERITIES, example: 'medium', description: 'Patches below this severity are not verified for the tenant' },
  autoApply: { type: Boolean, example: false, description: 'Roll the patch out to the real environment when every test passed' },
  replicaRetention: { enum: REPLICA_RETENTIONS, example: 'delete' },
  rollout: { type: RolloutPolicyDto, required: false, description: 'When a passed patch may be rolled out (maintenance windows)' },
});

export class TenantDto extends TenantSpec {}
documentProperties(TenantDto, {
  id: { example: 'acme', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
  name: { example: 'Acme Corp', minLength: 1, maxLength: 200 },
  provider: { example: 'fake', description: 'The replicator driver that copies this environment', pattern: '^[a-z][a-z0-9-]{0,31}$' },
  environmentRef: { example: 'acme-prod', description: 'The environment in the provider', minLength: 1, maxLength: 500 },
  credentialsRef: { required: false, example: 'vault:acme/ssh', description: 'A reference to stored credentials, never the secret', maxLength: 200 },
  policy: { type: TenantPolicyDto },
});
// The contract's @ValidateNested() lets a missing policy through; a tenant without one cannot be matched or replicated.
IsDefined()(TenantDto.prototype, 'policy');

/** PUT replaces everything but the id (the id is the path's). */
export class ReplaceTenantDto extends OmitType(TenantDto, ['id'] as const) {}

export class TenantView extends TenantDto {
  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class DeletedTenantView {
  @ApiProperty({ example: 'acme' })
  id!: string;

  @ApiProperty({ description: 'Subscriptions removed with the tenant' })
  subscriptionsRemoved!: number;

  @ApiProperty({ description: 'Queued runs cancelled (never requested); admitted runs finish' })
  runsCancelled!: number;
}
