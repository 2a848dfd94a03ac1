import { VerificationCompletedV1 } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A webhook notification of a finished run, written in the transaction that finished the run and
 * delivered afterwards, so a slow or failing receiver never holds up the pipeline and is never
 * forgotten: its row ends `delivered` or `failed` with the last error.
 */
@Entity('notification')
export class NotificationRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'jsonb' })
  payload!: VerificationCompletedV1;

  @Column({ type: 'text' })
  status!: 'pending' | 'delivered' | 'failed';

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
