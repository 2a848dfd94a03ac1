import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { ReplicatorConfig } from '../replicator.config';
import { REPLICATOR_ENTITIES, REPLICATOR_MIGRATIONS, REPLICATOR_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/replicator/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({ url: loadConfig(ReplicatorConfig).DATABASE_URL, schema: REPLICATOR_SCHEMA, entities: REPLICATOR_ENTITIES, migrations: REPLICATOR_MIGRATIONS }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, REPLICATOR_SCHEMA);
