import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'test_runner');
    await queryRunner.query(`CREATE TABLE test_runner.selection (
      run_id uuid PRIMARY KEY,
      run jsonb NOT NULL,
      replica jsonb NOT NULL,
      tests jsonb NOT NULL,
      preparations jsonb NOT NULL DEFAULT '[]',
      selected_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE test_runner.test_result (
      run_id uuid NOT NULL,
      test_id text NOT NULL,
      vm_id text NOT NULL,
      target text NOT NULL DEFAULT '',
      version integer NOT NULL,
      name text NOT NULL,
      tier text NOT NULL,
      subject text NOT NULL,
      status text NOT NULL,
      duration_ms integer NOT NULL,
      output text NOT NULL,
      measurement jsonb NULL,
      completed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, test_id, vm_id, target))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE test_runner.test_result');
    await queryRunner.query('DROP TABLE test_runner.selection');
    await queryRunner.query('DROP TABLE test_runner.inbox');
    await queryRunner.query('DROP TABLE test_runner.outbox');
  }
}
