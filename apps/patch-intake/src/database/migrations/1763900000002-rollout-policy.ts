import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tenant's rollout policy (maintenance windows); null: roll out at any time. */
export class RolloutPolicy1763900000002 implements MigrationInterface {
  name = 'RolloutPolicy1763900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE patch_intake.tenant ADD COLUMN rollout_policy jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE patch_intake.tenant DROP COLUMN rollout_policy');
  }
}
