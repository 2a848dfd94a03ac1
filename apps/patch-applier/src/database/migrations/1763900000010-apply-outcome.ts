import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How installing the patch ended on each VM (applied, failed: a bad patch, error: a platform fault) and
 * the evidence of a failure. Rows from before have no status: they were `applied` unless `error` is set.
 */
export class ApplyOutcome1763900000010 implements MigrationInterface {
  name = 'ApplyOutcome1763900000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE patch_applier.vm_patch_result
      ADD COLUMN status text CHECK (status IN ('applied', 'failed', 'error')),
      ADD COLUMN failure jsonb`);
    await queryRunner.query(`UPDATE patch_applier.vm_patch_result SET status = CASE WHEN error IS NULL THEN 'applied' ELSE 'error' END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE patch_applier.vm_patch_result DROP COLUMN failure, DROP COLUMN status');
  }
}
