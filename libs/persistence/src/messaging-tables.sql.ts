import { QueryRunner } from 'typeorm';

/** DDL for the outbox and inbox every service keeps in its own schema; called from its first migration. */
export async function createMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`CREATE TABLE ${s}.outbox (
    seq bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    subject text NOT NULL,
    envelope jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz NULL)`);
  await queryRunner.query(`CREATE INDEX outbox_pending ON ${s}.outbox (seq) WHERE published_at IS NULL`);
  await queryRunner.query(`CREATE TABLE ${s}.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id))`);
}

export async function dropMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`DROP TABLE ${s}.inbox`);
  await queryRunner.query(`DROP TABLE ${s}.outbox`);
}

export function quoteIdent(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(identifier)) throw new Error(`invalid SQL identifier: ${identifier}`);
  return `"${identifier}"`;
}
