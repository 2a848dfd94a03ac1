import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { TestSelectorConfig } from '../test-selector.config';
import { TEST_SELECTOR_ENTITIES, TEST_SELECTOR_MIGRATIONS, TEST_SELECTOR_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/test-selector/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({
    url: loadConfig(TestSelectorConfig).DATABASE_URL, schema: TEST_SELECTOR_SCHEMA, entities: TEST_SELECTOR_ENTITIES, migrations: TEST_SELECTOR_MIGRATIONS,
  }),
);
