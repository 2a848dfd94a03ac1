import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { AdmissionModule } from './admission/admission.module';
import { ArtifactsModule } from './artifacts/artifacts.module';
import { PATCH_INTAKE_ENTITIES, PATCH_INTAKE_MIGRATIONS, PATCH_INTAKE_SCHEMA } from './database/schema';
import { PatchIntakeConfig } from './patch-intake.config';
import { PublicationModule } from './publication/publication.module';
import { TenantsModule } from './tenants/tenants.module';

@Module({})
export class AppModule {
  static register(config: PatchIntakeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({
          service: 'patch-intake', schema: PATCH_INTAKE_SCHEMA, config, entities: PATCH_INTAKE_ENTITIES, migrations: PATCH_INTAKE_MIGRATIONS,
        }),
        TenantsModule,
        AdmissionModule,
        PublicationModule,
        ArtifactsModule,
      ],
      providers: [{ provide: PatchIntakeConfig, useValue: config }],
      exports: [PatchIntakeConfig],
      global: true,
    };
  }
}
