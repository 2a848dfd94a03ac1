import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'replicator');
    await queryRunner.query(`CREATE TABLE replicator.replica (
      run_id uuid PRIMARY KEY,
      replica_id text NOT NULL,
      provider text NOT NULL,
      tenant_id text NOT NULL,
      environment_ref text NOT NULL,
      reused boolean NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz NULL,
      release_action text NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE replicator.replica');
    await queryRunner.query('DROP TABLE replicator.inbox');
    await queryRunner.query('DROP TABLE replicator.outbox');
  }
}
