import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Events a consumer has fully handled; the key that makes a redelivered event a no-op. */
@Entity('inbox')
export class InboxMessage {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @CreateDateColumn({ name: 'handled_at', type: 'timestamptz' })
  handledAt!: Date;
}
