import {
  PipelineStep, ReleaseAction, ReplicaSpec, RunContext, SelectedTest, TestResult, TraceContext, UnknownSoftware, Verdict, VmPatchResult,
} from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const RUN_STATUSES = ['queued', 'running', 'passed', 'failed', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What the report needs of a selected test; the executable definition stays with the test runner. */
export type SelectedTestRef = Pick<SelectedTest, 'testId' | 'version' | 'name' | 'vmId' | 'target' | 'tier' | 'subject'>;
/** The patch outcome per VM without its log (the log stays with patch-applier). */
export type PatchOutcome = Omit<VmPatchResult, 'log'>;

/** One run as the reporter sees it: its progress, and once decided, its verdict. */
@Entity('run')
export class RunRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'patch_id', type: 'text' })
  patchId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  status!: RunStatus;

  /** The step the run is waiting for; null when nothing more is expected. */
  @Column({ name: 'current_step', type: 'text', nullable: true })
  currentStep!: PipelineStep | null;

  @Column({ name: 'last_progress_at', type: 'timestamptz' })
  lastProgressAt!: Date;

  @Column({ type: 'text', nullable: true })
  verdict!: Verdict | null;

  @Column({ name: 'failure_step', type: 'text', nullable: true })
  failureStep!: PipelineStep | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'release_action', type: 'text', nullable: true })
  releaseAction!: ReleaseAction | null;

  @Column({ name: 'rollout_status', type: 'text', nullable: true })
  rolloutStatus!: 'applied' | 'failed' | null;

  @Column({ name: 'rollout_reason', type: 'text', nullable: true })
  rolloutReason!: string | null;

  @Column({ type: 'jsonb' })
  context!: RunContext;

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  @Column({ type: 'jsonb', nullable: true })
  trace!: TraceContext | null;

  @Column({ type: 'jsonb', nullable: true })
  replica!: ReplicaSpec | null;

  /** null until tests.selected arrived; [] when nothing was selected. */
  @Column({ type: 'jsonb', nullable: true })
  selected!: SelectedTestRef[] | null;

  @Column({ name: 'unknown_software', type: 'jsonb' })
  unknownSoftware!: UnknownSoftware[];

  @Column({ type: 'jsonb', nullable: true })
  preparations!: TestResult[] | null;

  @Column({ name: 'patch_results', type: 'jsonb', nullable: true })
  patchResults!: PatchOutcome[] | null;

  @Column({ type: 'jsonb', nullable: true })
  results!: TestResult[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
