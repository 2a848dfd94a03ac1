import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message some consumer parked in the dead-letter stream, copied here for operators to list. */
@Entity('dead_letter')
export class DeadLetterRecord {
  /** Sequence in PATCHPROOF_DEADLETTER: the idempotency key of the copy. */
  @PrimaryColumn({ name: 'stream_seq', type: 'bigint' })
  streamSeq!: string;

  /** The dead-letter subject (`deadletter.<consumer>`). */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'original_subject', type: 'text', nullable: true })
  originalSubject!: string | null;

  @Column({ type: 'text', nullable: true })
  consumer!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb' })
  errors!: string[];

  @Column({ name: 'delivery_count', type: 'int', nullable: true })
  deliveryCount!: number | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'original_seq', type: 'bigint', nullable: true })
  originalSeq!: string | null;

  @Column({ name: 'dead_at', type: 'timestamptz', nullable: true })
  deadAt!: Date | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
