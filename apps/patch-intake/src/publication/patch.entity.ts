import { PatchSpec, Severity } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A published patch, as first received (the first publication of an id wins). */
@Entity('patch')
export class Patch {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  severity!: Severity;

  @Column({ type: 'text' })
  source!: PatchSpec['source'];

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ type: 'jsonb' })
  spec!: PatchSpec;

  /** Shared by every event this publication caused. */
  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  @Column({ name: 'runs_created', type: 'int' })
  runsCreated!: number;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
