import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { InboxMessage } from './inbox-message.entity';
import { OutboxMessage } from './outbox-message.entity';
import { quoteIdent } from './messaging-tables.sql';

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema the service owns; no other service reads or writes it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

/** TypeORM options for a service: its own schema, its own migrations table, never `synchronize`. */
export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...(options.entities as unknown[]), OutboxMessage, InboxMessage] as ServiceDataSourceOptions['entities'],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? options.schema },
  };
}

/** Creates the schema (its migrations table lives there) and runs pending migrations under a lock. */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const lockKey = `patchproof-migrate-${schema}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Several replicas of a service may start together; one migrates, the others wait for it.
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const migrations = await dataSource.runMigrations({ transaction: 'each' });
    return migrations.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * A service's explicit migration command (`node dist/apps/<service>/src/database/data-source.js`,
 * or `npm run migrate` for all seven): creates the schema if needed, applies pending migrations
 * under the same advisory lock as start-up, prints what it applied, exits non-zero on failure.
 */
export async function runMigrationCommand(dataSource: DataSource, schema: string): Promise<void> {
  const json = process.argv.includes('--json');
  try {
    await dataSource.initialize();
    const applied = await migrateServiceSchema(dataSource, schema);
    if (json) console.log(JSON.stringify({ schema, applied }));
    else console.log(`${schema}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  } catch (error) {
    console.error(`${schema}: migration failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
