import { ApplyFailure, ApplyStatus, PackageChange } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type PatchStep = 'apply' | 'rollout';

/** What installing a run's patch did on one VM: of the replica (`apply`) or of the real environment (`rollout`). */
@Entity('vm_patch_result')
export class VmPatchResultRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ type: 'text' })
  step!: PatchStep;

  @PrimaryColumn({ name: 'vm_id', type: 'text' })
  vmId!: string;

  /** applied; failed: the patch misbehaved (evidence in `failure`); error: a platform fault (`error`). Null on rows from before. */
  @Column({ type: 'text', nullable: true })
  status!: ApplyStatus | null;

  /** The evidence of a failed installation: service, exit status, log lines, the server's config check. */
  @Column({ type: 'jsonb', nullable: true })
  failure!: ApplyFailure | null;

  @Column({ type: 'jsonb' })
  changed!: PackageChange[];

  @Column({ type: 'jsonb' })
  restarted!: string[];

  @Column({ type: 'boolean' })
  rebooted!: boolean;

  @Column({ type: 'text' })
  log!: string;

  /** Why the installation failed on this VM; null when it succeeded. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'completed_at', type: 'timestamptz' })
  completedAt!: Date;
}
