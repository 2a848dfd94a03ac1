import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { TestSelectorConfig } from '../test-selector.config';
import { TEST_SELECTOR_ENTITIES, TEST_SELECTOR_MIGRATIONS, TEST_SELECTOR_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/test-selector/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({
    url: loadConfig(TestSelectorConfig).DATABASE_URL, schema: TEST_SELECTOR_SCHEMA, entities: TEST_SELECTOR_ENTITIES, migrations: TEST_SELECTOR_MIGRATIONS,
  }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, TEST_SELECTOR_SCHEMA);
