import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { PatchIntakeConfig } from '../patch-intake.config';
import { PATCH_INTAKE_ENTITIES, PATCH_INTAKE_MIGRATIONS, PATCH_INTAKE_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/patch-intake/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({
    url: loadConfig(PatchIntakeConfig).DATABASE_URL, schema: PATCH_INTAKE_SCHEMA, entities: PATCH_INTAKE_ENTITIES, migrations: PATCH_INTAKE_MIGRATIONS,
  }),
);
