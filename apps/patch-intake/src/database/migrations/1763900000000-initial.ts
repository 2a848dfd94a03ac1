import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'patch_intake');
    await queryRunner.query(`CREATE TABLE patch_intake.tenant (
      id text PRIMARY KEY,
      name text NOT NULL,
      provider text NOT NULL,
      environment_ref text NOT NULL,
      credentials_ref text NULL,
      min_severity text NOT NULL,
      auto_apply boolean NOT NULL,
      replica_retention text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE patch_intake.subscription (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES patch_intake.tenant (id) ON DELETE CASCADE,
      ecosystem text NOT NULL,
      packages text[] NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, ecosystem))`);
    await queryRunner.query('CREATE INDEX subscription_ecosystem ON patch_intake.subscription (ecosystem)');
    await queryRunner.query(`CREATE TABLE patch_intake.patch (
      id text PRIMARY KEY,
      title text NOT NULL,
      severity text NOT NULL,
      source text NOT NULL,
      published_at timestamptz NOT NULL,
      spec jsonb NOT NULL,
      correlation_id uuid NOT NULL,
      runs_created int NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query('CREATE INDEX patch_received ON patch_intake.patch (received_at DESC, id)');
    await queryRunner.query(`CREATE TABLE patch_intake.run (
      run_id uuid PRIMARY KEY,
      patch_id text NOT NULL REFERENCES patch_intake.patch (id),
      tenant_id text NOT NULL,
      provider text NOT NULL,
      severity_rank smallint NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'active', 'released', 'cancelled')),
      context jsonb NOT NULL,
      correlation_id uuid NOT NULL,
      queued_event_id uuid NOT NULL,
      traceparent text NULL,
      queue_seq bigserial NOT NULL UNIQUE,
      queued_at timestamptz NOT NULL DEFAULT now(),
      requested_at timestamptz NULL,
      released_at timestamptz NULL,
      cancelled_at timestamptz NULL,
      verdict text NULL,
      UNIQUE (patch_id, tenant_id))`);
    await queryRunner.query(`CREATE INDEX run_queued ON patch_intake.run (provider, severity_rank DESC, queue_seq) WHERE state = 'queued'`);
    await queryRunner.query(`CREATE INDEX run_active ON patch_intake.run (provider) WHERE state = 'active'`);
    await queryRunner.query(`CREATE INDEX run_tenant_queued ON patch_intake.run (tenant_id) WHERE state = 'queued'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['run', 'patch', 'subscription', 'tenant', 'inbox', 'outbox']) {
      await queryRunner.query(`DROP TABLE patch_intake.${table}`);
    }
  }
}
