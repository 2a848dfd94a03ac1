import { TestSite, TestSubject, TestTier } from '@patchproof/contracts';
import { PerformanceBaseline, TestCaseVersionRecord, TestCondition, TestDefinition } from '@patchproof/test-selection';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A test case's identity; its content lives in immutable versions. */
@Entity('test_case')
export class TestCaseEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Set for tenant tests; fixed at creation (a test never moves between tenants). */
  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ name: 'latest_version', type: 'integer' })
  latestVersion!: number;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('test_case_version')
export class TestCaseVersionEntity {
  @PrimaryColumn({ name: 'test_id', type: 'text' })
  testId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  tier!: TestTier;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId!: string | null;

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ name: 'vm_name', type: 'text', nullable: true })
  vmName!: string | null;

  @Column({ type: 'text' })
  subject!: TestSubject;

  @Column({ type: 'text' })
  site!: TestSite;

  @Column({ type: 'jsonb' })
  definition!: TestDefinition;

  @Column({ type: 'jsonb', nullable: true })
  prepare!: TestDefinition | null;

  @Column({ type: 'jsonb', nullable: true })
  baseline!: PerformanceBaseline | null;

  @Column({ type: 'double precision', nullable: true })
  threshold!: number | null;

  @Column({ name: 'timeout_ms', type: 'integer' })
  timeoutMs!: number;

  @Column({ type: 'jsonb' })
  parameters!: Record<string, string>;

  @Column({ type: 'jsonb', nullable: true })
  condition!: TestCondition | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export function versionRecord(entity: TestCaseVersionEntity): TestCaseVersionRecord {
  return {
    testId: entity.testId, version: entity.version, name: entity.name, description: entity.description, tier: entity.tier,
    targetId: entity.targetId, tenantId: entity.tenantId, vmName: entity.vmName, subject: entity.subject, site: entity.site,
    definition: entity.definition, prepare: entity.prepare, baseline: entity.baseline, threshold: entity.threshold,
    timeoutMs: entity.timeoutMs, parameters: entity.parameters, condition: entity.condition,
    createdBy: entity.createdBy, createdAt: entity.createdAt.toISOString(),
  };
}

export function versionEntity(record: TestCaseVersionRecord): Omit<TestCaseVersionEntity, 'createdAt'> {
  const { createdAt: _createdAt, ...rest } = record;
  return rest;
}
