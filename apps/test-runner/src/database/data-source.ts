import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { TestRunnerConfig } from '../test-runner.config';
import { TEST_RUNNER_ENTITIES, TEST_RUNNER_MIGRATIONS, TEST_RUNNER_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/test-runner/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({ url: loadConfig(TestRunnerConfig).DATABASE_URL, schema: TEST_RUNNER_SCHEMA, entities: TEST_RUNNER_ENTITIES, migrations: TEST_RUNNER_MIGRATIONS }),
);
