import { MigrationInterface, QueryRunner } from 'typeorm';

/** Host-key pins of the VMs reached over SSH, and performance baselines measured before a patch. */
export class SshAccess1763900000001 implements MigrationInterface {
  name = 'SshAccess1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE test_runner.host_key (
      vm_id text PRIMARY KEY,
      fingerprint text NOT NULL,
      first_seen timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE test_runner.performance_baseline (
      run_id uuid NOT NULL,
      vm_id text NOT NULL,
      test_id text NOT NULL,
      target text NOT NULL DEFAULT '',
      value double precision NOT NULL,
      unit text NOT NULL,
      measured_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, vm_id, test_id, target))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE test_runner.performance_baseline');
    await queryRunner.query('DROP TABLE test_runner.host_key');
  }
}
