import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { CatalogModule } from './catalog/catalog.module';
import { TEST_SELECTOR_ENTITIES, TEST_SELECTOR_MIGRATIONS, TEST_SELECTOR_SCHEMA } from './database/schema';
import { SeedModule } from './seed/seed.module';
import { SelectionModule } from './selection/selection.module';
import { TestCasesModule } from './test-cases/test-cases.module';
import { TestSelectorConfig } from './test-selector.config';

@Module({})
export class AppModule {
  static register(config: TestSelectorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({
          service: 'test-selector', schema: TEST_SELECTOR_SCHEMA, config, entities: TEST_SELECTOR_ENTITIES, migrations: TEST_SELECTOR_MIGRATIONS,
        }),
        CatalogModule,
        TestCasesModule,
        SelectionModule,
        SeedModule,
      ],
      providers: [{ provide: TestSelectorConfig, useValue: config }],
      exports: [TestSelectorConfig],
      global: true,
    };
  }
}
