import 'reflect-metadata';
import { runMigrationCommand, serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { InventoryConfig } from '../inventory.config';
import { INVENTORY_ENTITIES, INVENTORY_MIGRATIONS, INVENTORY_SCHEMA } from './schema';

/** Also the service's migration command: `node dist/apps/inventory/src/database/data-source.js [--json]` (or `npm run migrate`). */
const dataSource = new DataSource(
  serviceDataSourceOptions({ url: loadConfig(InventoryConfig).DATABASE_URL, schema: INVENTORY_SCHEMA, entities: INVENTORY_ENTITIES, migrations: INVENTORY_MIGRATIONS }),
);

export default dataSource;

if (require.main === module) void runMigrationCommand(dataSource, INVENTORY_SCHEMA);
