import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SelectedTest, TEST_STATUSES, TEST_SUBJECTS, TEST_TIERS, TestResult, TestStatus, TestSubject, TestTier } from '@patchproof/contracts';

export class TestResultView implements TestResult {
  @ApiProperty() testId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty() vmId!: string;
  @ApiPropertyOptional({ description: 'The software the test exercises when its VM has several targets for it (for example two DBMS)' }) target?: string;
  @ApiProperty({ enum: TEST_TIERS }) tier!: TestTier;
  @ApiProperty({ enum: TEST_SUBJECTS }) subject!: TestSubject;
  @ApiProperty({ enum: TEST_STATUSES, description: 'failed: the test found a problem; error: it could not run (VM unreachable, timeout)' }) status!: TestStatus;
  @ApiProperty() durationMs!: number;
  @ApiProperty() output!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Performance tests: baseline, after, threshold, unit' })
  measurement?: TestResult['measurement'];
  @ApiPropertyOptional({ format: 'date-time', description: 'When the result was stored (verify phase only)' })
  completedAt?: string;
}

export class RunExecutionView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty()
  replicaId!: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The tests selected for the run, with their definitions' })
  tests!: SelectedTest[];

  @ApiProperty({ type: [TestResultView], description: 'Before the patch: data seeded, baselines taken' })
  preparations!: TestResultView[];

  @ApiProperty({ type: [TestResultView], description: 'After the patch; empty until the patch was applied and the tests ran' })
  results!: TestResultView[];
}
