import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'inventory');
    await queryRunner.query(`CREATE TABLE inventory.vm_inventory (
      run_id uuid NOT NULL,
      vm_id text NOT NULL,
      os jsonb NOT NULL,
      packages jsonb NOT NULL,
      services jsonb NOT NULL,
      collected_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, vm_id))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inventory.vm_inventory');
    await queryRunner.query('DROP TABLE inventory.inbox');
    await queryRunner.query('DROP TABLE inventory.outbox');
  }
}
