import { EventOrigin, RunContext } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * awaiting-approval: passed, waits for the tenant or an operator; approved: the scheduler rolls it
 * out at the next open maintenance window; rejected: never rolled out; completed: the rollout ran
 * (its outcome is the `rollout` row).
 */
export const CANDIDATE_STATES = ['awaiting-approval', 'approved', 'rejected', 'completed'] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

/** A passed run whose patch may be rolled out to the tenant's real VMs, and the decision on it. */
@Entity('rollout_candidate')
export class RolloutCandidateRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The run as verification.completed described it (tenant policy included, as it was then). */
  @Column({ type: 'jsonb' })
  run!: RunContext;

  /** The origin the rollout's events are caused by (the verification.completed event). */
  @Column({ type: 'jsonb' })
  origin!: EventOrigin;

  @Column({ type: 'text' })
  state!: CandidateState;

  /** Who approved or rejected it: an API key's name, or `policy:autoApply`. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Outside every maintenance window: not started before this (null: as soon as approved, or never within a year with waitingReason). */
  @Column({ name: 'not_before', type: 'timestamptz', nullable: true })
  notBefore!: Date | null;

  /** Why an approved rollout has not started yet, e.g. `outside maintenance windows until …`. */
  @Column({ name: 'waiting_reason', type: 'text', nullable: true })
  waitingReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
