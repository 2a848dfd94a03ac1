import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The replica a run got, until it is released. */
@Entity('replica')
export class ReplicaRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'replica_id', type: 'text' })
  replicaId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'environment_ref', type: 'text' })
  environmentRef!: string;

  @Column({ type: 'boolean' })
  reused!: boolean;

  @Column({ type: 'text' })
  status!: 'active' | 'released' | 'release-failed';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'release_action', type: 'text', nullable: true })
  releaseAction!: string | null;
}
