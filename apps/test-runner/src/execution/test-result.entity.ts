import { TestResult, TestStatus, TestSubject, TestTier } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The outcome of one selected test on one VM (and target) after the patch. */
@Entity('test_result')
export class TestResultRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ name: 'test_id', type: 'text' })
  testId!: string;

  @PrimaryColumn({ name: 'vm_id', type: 'text' })
  vmId!: string;

  /** The contract's `target`, '' when the test has one target on the VM (a key column cannot be null). */
  @PrimaryColumn({ name: 'target', type: 'text', default: '' })
  target!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  tier!: TestTier;

  @Column({ type: 'text' })
  subject!: TestSubject;

  @Column({ type: 'text' })
  status!: TestStatus;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'text' })
  output!: string;

  @Column({ type: 'jsonb', nullable: true })
  measurement!: TestResult['measurement'] | null;

  @CreateDateColumn({ name: 'completed_at', type: 'timestamptz' })
  completedAt!: Date;
}
