import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant wants patches of one ecosystem, optionally only for some package names. */
@Entity('subscription')
export class Subscription {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  ecosystem!: string;

  /** null: every package of the ecosystem. */
  @Column({ type: 'text', array: true, nullable: true })
  packages!: string[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
