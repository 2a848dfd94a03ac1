import { MigrationInterface, QueryRunner } from 'typeorm';

/** Host-key pins of the VMs this service reaches over SSH (trust on first use, never replaced). */
export class HostKey1763900000001 implements MigrationInterface {
  name = 'HostKey1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE patch_applier.host_key (
      vm_id text PRIMARY KEY,
      fingerprint text NOT NULL,
      first_seen timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patch_applier.host_key');
  }
}
