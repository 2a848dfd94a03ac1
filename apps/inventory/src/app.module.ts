import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { CollectionModule } from './collection/collection.module';
import { INVENTORY_ENTITIES, INVENTORY_MIGRATIONS, INVENTORY_SCHEMA } from './database/schema';
import { InventoriesModule } from './inventories/inventories.module';
import { InventoryConfig } from './inventory.config';

@Module({})
export class AppModule {
  static register(config: InventoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({ service: 'inventory', schema: INVENTORY_SCHEMA, config, entities: INVENTORY_ENTITIES, migrations: INVENTORY_MIGRATIONS }),
        CollectionModule,
        InventoriesModule,
      ],
      providers: [{ provide: InventoryConfig, useValue: config }],
      exports: [InventoryConfig],
      global: true,
    };
  }
}
