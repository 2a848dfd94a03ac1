import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApplyFailure, ApplyStatus, APPLY_STATUSES, PackageChange } from '@patchproof/contracts';
import { VmPatchResultRecord } from './vm-patch-result.entity';

export class VmPatchResultView {
  @ApiProperty()
  vmId!: string;

  @ApiProperty({ enum: APPLY_STATUSES, description: 'applied; failed: the patch misbehaved on this VM (a bad patch); error: patchproof could not install it (a platform fault)' })
  status!: ApplyStatus;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Evidence of a failed installation: kind, reason, service, exit status, last log lines, the server\'s config check' })
  failure?: ApplyFailure;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ name: 'postgresql-15', before: '15.8-0+deb12u1', after: '15.10-0+deb12u1' }] })
  changed!: PackageChange[];

  @ApiProperty({ type: [String], example: ['postgresql'] })
  restarted!: string[];

  @ApiProperty()
  rebooted!: boolean;

  @ApiProperty({ description: 'The commands run on the VM and what they printed' })
  log!: string;

  @ApiPropertyOptional({ description: 'Why the patch could not be installed on this VM' })
  error?: string;

  @ApiProperty({ format: 'date-time' })
  completedAt!: string;
}

export function vmPatchResultView(record: VmPatchResultRecord): VmPatchResultView {
  const { vmId, status, failure, changed, restarted, rebooted, log, error, completedAt } = record;
  return {
    vmId, status: status ?? (error === null ? 'applied' : 'error'), ...(failure === null ? {} : { failure }), changed, restarted, rebooted, log,
    ...(error === null ? {} : { error }), completedAt: completedAt.toISOString(),
  };
}
