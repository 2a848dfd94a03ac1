import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { ReleaseReplicaHandler } from './release-replica.handler';
import { ReplicateEnvironmentHandler } from './replicate-environment.handler';
import { ReplicationMessageController } from './replication.message-controller';

@Module({
  imports: [DriversModule],
  controllers: [ReplicationMessageController],
  providers: [ReplicateEnvironmentHandler, ReleaseReplicaHandler],
})
export class ReplicationModule {}
