import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'reporter');
    await queryRunner.query(`CREATE TABLE reporter.run (
      run_id uuid PRIMARY KEY,
      patch_id text NOT NULL,
      tenant_id text NOT NULL,
      provider text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'passed', 'failed', 'error')),
      current_step text NULL,
      last_progress_at timestamptz NOT NULL DEFAULT now(),
      verdict text NULL CHECK (verdict IN ('passed', 'failed', 'error')),
      failure_step text NULL,
      failure_reason text NULL,
      release_action text NULL,
      rollout_status text NULL,
      rollout_reason text NULL,
      context jsonb NOT NULL,
      correlation_id uuid NOT NULL,
      trace jsonb NULL,
      replica jsonb NULL,
      selected jsonb NULL,
      unknown_software jsonb NOT NULL DEFAULT '[]',
      preparations jsonb NULL,
      patch_results jsonb NULL,
      results jsonb NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz NULL)`);
    await queryRunner.query('CREATE INDEX run_created ON reporter.run (created_at DESC)');
    await queryRunner.query('CREATE INDEX run_patch ON reporter.run (patch_id, created_at DESC)');
    await queryRunner.query('CREATE INDEX run_tenant ON reporter.run (tenant_id, created_at DESC)');
    await queryRunner.query(`CREATE INDEX run_stalled ON reporter.run (last_progress_at) WHERE status = 'running'`);
    await queryRunner.query(`CREATE TABLE reporter.run_step (
      run_id uuid NOT NULL REFERENCES reporter.run (run_id) ON DELETE CASCADE,
      step text NOT NULL,
      started_at timestamptz NULL,
      completed_at timestamptz NULL,
      outcome text NULL CHECK (outcome IN ('completed', 'failed', 'timeout')),
      PRIMARY KEY (run_id, step))`);
    await queryRunner.query(`CREATE TABLE reporter.run_event (
      event_id uuid PRIMARY KEY,
      run_id uuid NOT NULL,
      subject text NOT NULL,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored')),
      note text NULL)`);
    await queryRunner.query('CREATE INDEX run_event_run ON reporter.run_event (run_id, received_at)');
    await queryRunner.query(`CREATE TABLE reporter.notification (
      run_id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz NULL)`);
    await queryRunner.query(`CREATE INDEX notification_due ON reporter.notification (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE TABLE reporter.dead_letter (
      stream_seq bigint PRIMARY KEY,
      subject text NOT NULL,
      original_subject text NULL,
      consumer text NULL,
      reason text NULL,
      errors jsonb NOT NULL DEFAULT '[]',
      delivery_count int NULL,
      body text NOT NULL,
      original_seq bigint NULL,
      dead_at timestamptz NULL,
      received_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query('CREATE INDEX dead_letter_received ON reporter.dead_letter (received_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['dead_letter', 'notification', 'run_event', 'run_step', 'run', 'inbox', 'outbox']) {
      await queryRunner.query(`DROP TABLE reporter.${table}`);
    }
  }
}
