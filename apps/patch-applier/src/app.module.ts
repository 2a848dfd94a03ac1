import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { ApplicationModule } from './application/application.module';
import { PATCH_APPLIER_ENTITIES, PATCH_APPLIER_MIGRATIONS, PATCH_APPLIER_SCHEMA } from './database/schema';
import { PatchApplierConfig } from './patch-applier.config';
import { RolloutModule } from './rollout/rollout.module';

@Module({})
export class AppModule {
  static register(config: PatchApplierConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({ service: 'patch-applier', schema: PATCH_APPLIER_SCHEMA, config, entities: PATCH_APPLIER_ENTITIES, migrations: PATCH_APPLIER_MIGRATIONS }),
        ApplicationModule,
        RolloutModule,
      ],
      providers: [{ provide: PatchApplierConfig, useValue: config }],
      exports: [PatchApplierConfig],
      global: true,
    };
  }
}
