import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Verdict, VERDICTS } from '@patchproof/contracts';
import { VmPatchResultView } from '../../installation/vm-patch-result.view';
import { RolloutStatus } from '../rollout.entity';

/** The rollout's outcome once it has one, or where its candidate stands. */
export type RolloutViewStatus = RolloutStatus | 'awaiting-approval' | 'waiting-for-window' | 'scheduled';
export const ROLLOUT_VIEW_STATUSES: RolloutViewStatus[] = ['awaiting-approval', 'waiting-for-window', 'scheduled', 'applied', 'failed', 'skipped', 'rejected'];

export class RolloutApprovalView {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  decision!: 'approved' | 'rejected';

  @ApiProperty({ example: 'policy:autoApply', description: 'The API key\'s name, or policy:autoApply' })
  by!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiPropertyOptional()
  note?: string;
}

export class RolloutView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiPropertyOptional({ example: 'acme' })
  tenantId?: string;

  @ApiProperty({ enum: VERDICTS })
  verdict!: Verdict;

  @ApiProperty({
    enum: ROLLOUT_VIEW_STATUSES,
    description: 'awaiting-approval: passed, needs the tenant or an operator; waiting-for-window: approved, outside the maintenance windows (see waitingUntil); '
      + 'scheduled: approved, starts now; applied / failed: the outcome; skipped: the verdict was not passed; rejected: decided against',
  })
  status!: RolloutViewStatus;

  @ApiPropertyOptional({ description: 'Why it failed, was skipped or rejected, or why it waits' })
  reason?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Outside the maintenance windows: when the next one opens' })
  waitingUntil?: string;

  @ApiPropertyOptional({ type: RolloutApprovalView })
  approval?: RolloutApprovalView;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;

  @ApiProperty({ type: [VmPatchResultView], description: 'The tenant\'s real VMs' })
  vms!: VmPatchResultView[];
}
