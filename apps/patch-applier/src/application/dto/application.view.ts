import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VmPatchResultView } from '../../installation/vm-patch-result.view';
import { ApplicationStatus } from '../application.entity';

export class ApplicationView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty()
  replicaId!: string;

  @ApiProperty({ enum: ['applied', 'failed', 'skipped'], description: 'skipped: a test preparation did not pass' })
  status!: ApplicationStatus;

  @ApiPropertyOptional()
  reason?: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;

  @ApiProperty({ type: [VmPatchResultView] })
  vms!: VmPatchResultView[];
}
