import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { PatchApplierConfig } from '../patch-applier.config';
import { PATCH_APPLIER_ENTITIES, PATCH_APPLIER_MIGRATIONS, PATCH_APPLIER_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/patch-applier/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({ url: loadConfig(PatchApplierConfig).DATABASE_URL, schema: PATCH_APPLIER_SCHEMA, entities: PATCH_APPLIER_ENTITIES, migrations: PATCH_APPLIER_MIGRATIONS }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, PATCH_APPLIER_SCHEMA);
