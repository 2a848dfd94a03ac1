import { DynamicModule, Module } from '@nestjs/common';
import { ServiceInfraModule } from '@patchproof/service-runtime';
import { REPLICATOR_ENTITIES, REPLICATOR_MIGRATIONS, REPLICATOR_SCHEMA } from './database/schema';
import { LocalModule } from './local/local.module';
import { ReplicationModule } from './replication/replication.module';
import { ReplicatorConfig } from './replicator.config';
import { SimulationModule } from './simulation/simulation.module';

@Module({})
export class AppModule {
  static register(config: ReplicatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceInfraModule.forRoot({ service: 'replicator', schema: REPLICATOR_SCHEMA, config, entities: REPLICATOR_ENTITIES, migrations: REPLICATOR_MIGRATIONS }),
        ReplicationModule,
        SimulationModule,
        LocalModule,
      ],
      providers: [{ provide: ReplicatorConfig, useValue: config }],
      exports: [ReplicatorConfig],
      global: true,
    };
  }
}
