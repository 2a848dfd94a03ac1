import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { TestRunnerConfig } from '../test-runner.config';
import { TEST_RUNNER_ENTITIES, TEST_RUNNER_MIGRATIONS, TEST_RUNNER_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/test-runner/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({ url: loadConfig(TestRunnerConfig).DATABASE_URL, schema: TEST_RUNNER_SCHEMA, entities: TEST_RUNNER_ENTITIES, migrations: TEST_RUNNER_MIGRATIONS }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, TEST_RUNNER_SCHEMA);
