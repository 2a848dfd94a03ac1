import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { ReplicatorConfig } from '../replicator.config';
import { REPLICATOR_ENTITIES, REPLICATOR_MIGRATIONS, REPLICATOR_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/replicator/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({ url: loadConfig(ReplicatorConfig).DATABASE_URL, schema: REPLICATOR_SCHEMA, entities: REPLICATOR_ENTITIES, migrations: REPLICATOR_MIGRATIONS }),
);
