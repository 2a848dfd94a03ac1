import { Verdict } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** skipped: not a passed verdict; rejected: the tenant or an operator said no. */
export type RolloutStatus = 'applied' | 'failed' | 'skipped' | 'rejected';

/** Whether a run's patch was rolled out to the tenant's real VMs, and if not, why. */
@Entity('rollout')
export class RolloutRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'text' })
  verdict!: Verdict;

  @Column({ type: 'text' })
  status!: RolloutStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
