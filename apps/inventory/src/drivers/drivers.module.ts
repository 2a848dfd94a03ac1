import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { FakeCloud, FakeVmAccess } from '@patchproof/fake-cloud';
import { SshVmAccess } from '@patchproof/ssh-access';
import { InventoryCollector, ProviderRegistry } from '@patchproof/vm-access';
import { DataSource } from 'typeorm';
import { InventoryConfig } from '../inventory.config';
import { openSshAccess } from './ssh-access.factory';
import { configuredProviders, SSH_PROVIDERS, usesSsh } from '@patchproof/vm-access';

export const FAKE_CLOUD = Symbol('FAKE_CLOUD');
export const SSH_ACCESS = Symbol('SSH_ACCESS');
export const INVENTORY_COLLECTORS = Symbol('INVENTORY_COLLECTORS');

@Injectable()
class DriverCloser implements OnApplicationShutdown {
  constructor(@Inject(FAKE_CLOUD) private readonly cloud: FakeCloud | undefined, @Inject(SSH_ACCESS) private readonly ssh: SshVmAccess | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.cloud?.close(), this.ssh?.close()]);
  }
}

function collectorFor(provider: string, cloud: FakeCloud | undefined, ssh: SshVmAccess | undefined): InventoryCollector {
  if (provider === 'fake' && cloud) return new FakeVmAccess(cloud);
  if (SSH_PROVIDERS.includes(provider) && ssh) return ssh;
  throw new Error(`VM_ACCESS_PROVIDERS: no inventory collector for provider "${provider}"`);
}

/** VM access by provider, from VM_ACCESS_PROVIDERS; the one place a provider is registered. */
@Module({
  providers: [
    {
      provide: FAKE_CLOUD,
      inject: [InventoryConfig],
      useFactory: (config: InventoryConfig) =>
        configuredProviders(config.VM_ACCESS_PROVIDERS).includes('fake') ? FakeCloud.open(config.FAKE_CLOUD_DATABASE_URL || config.DATABASE_URL) : undefined,
    },
    {
      provide: SSH_ACCESS,
      inject: [InventoryConfig, DataSource],
      useFactory: (config: InventoryConfig, dataSource: DataSource) => (usesSsh(config.VM_ACCESS_PROVIDERS) ? openSshAccess(config, dataSource) : undefined),
    },
    {
      provide: INVENTORY_COLLECTORS,
      inject: [InventoryConfig, FAKE_CLOUD, SSH_ACCESS],
      useFactory: (config: InventoryConfig, cloud: FakeCloud | undefined, ssh: SshVmAccess | undefined) => {
        const registry = new ProviderRegistry<InventoryCollector>();
        for (const name of configuredProviders(config.VM_ACCESS_PROVIDERS)) registry.register(name, collectorFor(name, cloud, ssh));
        return registry;
      },
    },
    DriverCloser,
  ],
  exports: [INVENTORY_COLLECTORS],
})
export class DriversModule {}
