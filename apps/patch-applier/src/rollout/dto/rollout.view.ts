import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Verdict, VERDICTS } from '@patchproof/contracts';
import { VmPatchResultView } from '../../installation/vm-patch-result.view';
import { RolloutStatus } from '../rollout.entity';

export class RolloutView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty({ enum: VERDICTS })
  verdict!: Verdict;

  @ApiProperty({ enum: ['applied', 'failed', 'skipped'], description: 'skipped: the verdict was not passed or the tenant does not auto-apply' })
  status!: RolloutStatus;

  @ApiPropertyOptional()
  reason?: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;

  @ApiProperty({ type: [VmPatchResultView], description: 'The tenant\'s real VMs' })
  vms!: VmPatchResultView[];
}
