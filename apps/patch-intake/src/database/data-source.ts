import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { PatchIntakeConfig } from '../patch-intake.config';
import { PATCH_INTAKE_ENTITIES, PATCH_INTAKE_MIGRATIONS, PATCH_INTAKE_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/patch-intake/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({
    url: loadConfig(PatchIntakeConfig).DATABASE_URL, schema: PATCH_INTAKE_SCHEMA, entities: PATCH_INTAKE_ENTITIES, migrations: PATCH_INTAKE_MIGRATIONS,
  }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, PATCH_INTAKE_SCHEMA);
