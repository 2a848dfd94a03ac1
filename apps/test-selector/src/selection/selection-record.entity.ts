import { SelectedTest, UnknownSoftware } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, EntityManager, PrimaryColumn } from 'typeorm';

export type SelectionOutcome = 'selected' | 'failed';

/** The tests selected for a run, with the exact test versions and bound definitions that were sent. */
@Entity('selection')
export class SelectionRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'replica_id', type: 'text' })
  replicaId!: string;

  @Column({ name: 'catalog_version', type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  catalogVersion!: number;

  @Column({ type: 'text' })
  outcome!: SelectionOutcome;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ type: 'jsonb' })
  tests!: SelectedTest[];

  @Column({ name: 'unknown_software', type: 'jsonb' })
  unknownSoftware!: UnknownSoftware[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Records (or, for a re-collected inventory, replaces) a run's selection inside the caller's transaction. */
export async function upsertSelection(manager: EntityManager, record: Omit<SelectionRecord, 'createdAt'>): Promise<void> {
  await manager.query(
    `INSERT INTO test_selector.selection (run_id, tenant_id, replica_id, catalog_version, outcome, failure_reason, tests, unknown_software)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)
     ON CONFLICT (run_id) DO UPDATE SET replica_id = EXCLUDED.replica_id, catalog_version = EXCLUDED.catalog_version,
       outcome = EXCLUDED.outcome, failure_reason = EXCLUDED.failure_reason, tests = EXCLUDED.tests, unknown_software = EXCLUDED.unknown_software`,
    [record.runId, record.tenantId, record.replicaId, record.catalogVersion, record.outcome, record.failureReason,
      JSON.stringify(record.tests), JSON.stringify(record.unknownSoftware)],
  );
}
