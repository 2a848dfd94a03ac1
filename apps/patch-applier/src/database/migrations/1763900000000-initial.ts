import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'patch_applier');
    await queryRunner.query(`CREATE TABLE patch_applier.application (
      run_id uuid PRIMARY KEY,
      replica_id text NOT NULL,
      status text NOT NULL,
      reason text NULL,
      decided_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE patch_applier.rollout (
      run_id uuid PRIMARY KEY,
      verdict text NOT NULL,
      status text NOT NULL,
      reason text NULL,
      decided_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE patch_applier.vm_patch_result (
      run_id uuid NOT NULL,
      step text NOT NULL,
      vm_id text NOT NULL,
      changed jsonb NOT NULL,
      restarted jsonb NOT NULL,
      rebooted boolean NOT NULL,
      log text NOT NULL,
      error text NULL,
      completed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, step, vm_id))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patch_applier.vm_patch_result');
    await queryRunner.query('DROP TABLE patch_applier.rollout');
    await queryRunner.query('DROP TABLE patch_applier.application');
    await queryRunner.query('DROP TABLE patch_applier.inbox');
    await queryRunner.query('DROP TABLE patch_applier.outbox');
  }
}
