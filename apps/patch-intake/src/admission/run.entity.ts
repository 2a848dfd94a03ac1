import { RunContext, Verdict } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const RUN_STATES = ['queued', 'active', 'released', 'cancelled'] as const;
/** queued → active (admitted, run.requested) → released (replica.released); queued → cancelled (tenant deleted). */
export type RunState = (typeof RUN_STATES)[number];

/** One patch on one tenant, from fan-out until its replica is released. */
@Entity('run')
export class Run {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'patch_id', type: 'text' })
  patchId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'severity_rank', type: 'smallint' })
  severityRank!: number;

  @Column({ type: 'text' })
  state!: RunState;

  /** Snapshot of the patch and the tenant spec at fan-out; every event of the run carries it. */
  @Column({ type: 'jsonb' })
  context!: RunContext;

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  /** The run.queued event; the cause of run.requested, so its id is the same whichever pass admits the run. */
  @Column({ name: 'queued_event_id', type: 'uuid' })
  queuedEventId!: string;

  @Column({ type: 'text', nullable: true })
  traceparent!: string | null;

  @Column({ name: 'queue_seq', type: 'bigint', insert: false, update: false })
  queueSeq!: string;

  @CreateDateColumn({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true })
  requestedAt!: Date | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** The run's verdict, as carried by replica.released. */
  @Column({ type: 'text', nullable: true })
  verdict!: Verdict | null;
}
