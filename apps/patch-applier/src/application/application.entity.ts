import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ApplicationStatus = 'applied' | 'failed' | 'skipped';

/** Whether a run's patch went onto its replica, and if not, why. */
@Entity('application')
export class ApplicationRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'replica_id', type: 'text' })
  replicaId!: string;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
