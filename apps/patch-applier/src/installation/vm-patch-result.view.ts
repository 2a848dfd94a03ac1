import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PackageChange } from '@patchproof/contracts';
import { VmPatchResultRecord } from './vm-patch-result.entity';

export class VmPatchResultView {
  @ApiProperty()
  vmId!: string;

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
  const { vmId, changed, restarted, rebooted, log, error, completedAt } = record;
  return { vmId, changed, restarted, rebooted, log, ...(error === null ? {} : { error }), completedAt: completedAt.toISOString() };
}
