import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { ReporterConfig } from '../reporter.config';
import { REPORTER_ENTITIES, REPORTER_MIGRATIONS, REPORTER_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/reporter/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({ url: loadConfig(ReporterConfig).DATABASE_URL, schema: REPORTER_SCHEMA, entities: REPORTER_ENTITIES, migrations: REPORTER_MIGRATIONS }),
);
