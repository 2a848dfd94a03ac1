import { ReplicaSpec, RunContext, SelectedTest, TestResult } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The tests chosen for a run, kept until the patch is applied and they run; with their preparations. */
@Entity('selection')
export class SelectionRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'jsonb' })
  run!: RunContext;

  @Column({ type: 'jsonb' })
  replica!: ReplicaSpec;

  @Column({ type: 'jsonb' })
  tests!: SelectedTest[];

  @Column({ type: 'jsonb' })
  preparations!: TestResult[];

  @CreateDateColumn({ name: 'selected_at', type: 'timestamptz' })
  selectedAt!: Date;
}
