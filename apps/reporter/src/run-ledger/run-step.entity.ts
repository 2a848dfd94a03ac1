import { PipelineStep } from '@patchproof/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type StepOutcome = 'completed' | 'failed' | 'timeout';

/** One step of one run: started when the event that triggers it occurred, completed at its own event. */
@Entity('run_step')
export class RunStepRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ type: 'text' })
  step!: PipelineStep;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: StepOutcome | null;
}
