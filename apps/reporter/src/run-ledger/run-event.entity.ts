import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every run event the reporter received, and whether it changed the run or was ignored (and why). */
@Entity('run_event')
export class RunEventRecord {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'text' })
  outcome!: 'applied' | 'ignored';

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
