import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { FakeCloud } from '@patchproof/fake-cloud';
import { LocalVmDriver } from '@patchproof/local-vm';
import { ProviderRegistry } from '@patchproof/vm-access';
import { driverEnabled, ReplicatorConfig } from '../replicator.config';
import { FakeReplicationDriver } from './fake.driver';
import { LocalReplicationDriver } from './local/local.driver';
import { openLocalVm } from './local/open-local-vm';
import { REPLICATION_DRIVERS, ReplicationDriver } from './replication-driver';

export const FAKE_CLOUD = Symbol('FAKE_CLOUD');
export const LOCAL_VM = Symbol('LOCAL_VM');

const AVAILABLE = ['fake', 'local'];

class FakeCloudCloser implements OnApplicationShutdown {
  constructor(@Inject(FAKE_CLOUD) private readonly cloud: FakeCloud | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await this.cloud?.close();
  }
}

function driverFor(name: string, cloud: FakeCloud | undefined, localVm: LocalVmDriver | undefined): ReplicationDriver {
  if (name === 'fake' && cloud) return new FakeReplicationDriver(cloud);
  if (name === 'local' && localVm) return new LocalReplicationDriver(localVm);
  throw new Error(`REPLICATOR_DRIVERS: unknown driver "${name}" (available: ${AVAILABLE.join(', ')})`);
}

/** Builds the drivers named in REPLICATOR_DRIVERS; an unknown name, or `local` on a host that cannot run it, stops the service at boot. */
@Module({
  providers: [
    {
      provide: FAKE_CLOUD,
      inject: [ReplicatorConfig],
      useFactory: (config: ReplicatorConfig) =>
        driverEnabled(config, 'fake') ? FakeCloud.open(config.FAKE_CLOUD_DATABASE_URL || config.DATABASE_URL) : undefined,
    },
    {
      provide: LOCAL_VM,
      inject: [ReplicatorConfig],
      useFactory: (config: ReplicatorConfig) => (driverEnabled(config, 'local') ? openLocalVm(config) : undefined),
    },
    {
      provide: REPLICATION_DRIVERS,
      inject: [ReplicatorConfig, FAKE_CLOUD, LOCAL_VM],
      useFactory: (config: ReplicatorConfig, cloud: FakeCloud | undefined, localVm: LocalVmDriver | undefined) => {
        const registry = new ProviderRegistry<ReplicationDriver>();
        for (const name of config.REPLICATOR_DRIVERS.split(',')) registry.register(name, driverFor(name, cloud, localVm));
        return registry;
      },
    },
    FakeCloudCloser,
  ],
  exports: [REPLICATION_DRIVERS, FAKE_CLOUD, LOCAL_VM],
})
export class DriversModule {}
