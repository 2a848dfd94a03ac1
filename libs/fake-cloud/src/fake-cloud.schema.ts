import { PoolClient } from 'pg';

/** The simulated cloud's own storage, like a real cloud's control-plane database. */
export async function ensureFakeCloudSchema(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_lock(hashtext($1))', ['patchproof-fake-cloud-schema']);
  try {
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS fake_cloud;
      CREATE TABLE IF NOT EXISTS fake_cloud.environment (
        id text PRIMARY KEY, spec jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS fake_cloud.vm (
        vm_id text PRIMARY KEY, environment_id text NOT NULL, replica_id text NULL, state jsonb NOT NULL);
      CREATE INDEX IF NOT EXISTS vm_by_environment ON fake_cloud.vm (environment_id, replica_id);
      CREATE TABLE IF NOT EXISTS fake_cloud.replica (
        replica_id text PRIMARY KEY, environment_id text NOT NULL, run_id text NOT NULL, status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), released_at timestamptz NULL);
      CREATE TABLE IF NOT EXISTS fake_cloud.operation (
        seq bigserial PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, operation text NOT NULL, run_id text NOT NULL,
        vm_id text NULL, failed boolean NOT NULL, result jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE INDEX IF NOT EXISTS operation_by_run ON fake_cloud.operation (run_id);
      ALTER TABLE fake_cloud.operation ADD COLUMN IF NOT EXISTS replays integer NOT NULL DEFAULT 0;
      -- Append-only: one row each time a side effect really executes. Deliberately without a unique
      -- key, so an effect executed twice shows up as two rows instead of being refused.
      CREATE TABLE IF NOT EXISTS fake_cloud.execution (
        seq bigserial PRIMARY KEY, operation text NOT NULL, run_id text NOT NULL, vm_id text NULL, subject text NOT NULL,
        idempotency_key text NOT NULL, failed boolean NOT NULL, detail jsonb NULL, executed_at timestamptz NOT NULL DEFAULT now());
      CREATE INDEX IF NOT EXISTS execution_by_run ON fake_cloud.execution (run_id);`);
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['patchproof-fake-cloud-schema']);
  }
}
