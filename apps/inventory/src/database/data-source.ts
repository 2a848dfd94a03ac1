import 'reflect-metadata';
import { serviceDataSourceOptions } from '@patchproof/persistence';
import { loadConfig } from '@patchproof/service-runtime';
import { DataSource } from 'typeorm';
import { InventoryConfig } from '../inventory.config';
import { INVENTORY_ENTITIES, INVENTORY_MIGRATIONS, INVENTORY_SCHEMA } from './schema';

/** For the TypeORM CLI: `npx typeorm -d dist/apps/inventory/src/database/data-source.js migration:run`. */
export default new DataSource(
  serviceDataSourceOptions({ url: loadConfig(InventoryConfig).DATABASE_URL, schema: INVENTORY_SCHEMA, entities: INVENTORY_ENTITIES, migrations: INVENTORY_MIGRATIONS }),
);
