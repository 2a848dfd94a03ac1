import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { ReporterConfig } from '../reporter.config';
import { REPORTER_ENTITIES, REPORTER_MIGRATIONS, REPORTER_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/reporter/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({ url: loadConfig(ReporterConfig).DATABASE_URL, schema: REPORTER_SCHEMA, entities: REPORTER_ENTITIES, migrations: REPORTER_MIGRATIONS }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, REPORTER_SCHEMA);
