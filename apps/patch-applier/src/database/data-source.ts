import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { PatchApplierConfig } from '../patch-applier.config';
import { PATCH_APPLIER_ENTITIES, PATCH_APPLIER_MIGRATIONS, PATCH_APPLIER_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/patch-applier/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({ url: loadConfig(PatchApplierConfig).DATABASE_URL, schema: PATCH_APPLIER_SCHEMA, entities: PATCH_APPLIER_ENTITIES, migrations: PATCH_APPLIER_MIGRATIONS }),
);
