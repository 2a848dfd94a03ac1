import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { FakeCloud, FakeVmAccess } from '@patchproof/fake-cloud';
import { LocalVmDriver } from '@patchproof/local-vm';
import { SshVmAccess } from '@patchproof/ssh-access';
import { PatchInstaller, ProviderRegistry } from '@patchproof/vm-access';
import { DataSource } from 'typeorm';
import { PatchApplierConfig } from '../patch-applier.config';
import { FakeRolloutTargets } from './fake-rollout-targets';
import { LocalRolloutTargets } from './local-rollout-targets';
import { RolloutTargets } from './rollout-targets';
import { openSshAccess } from './ssh-access.factory';
import { configuredProviders, usesSsh } from '@patchproof/vm-access';

export const FAKE_CLOUD = Symbol('FAKE_CLOUD');
export const SSH_ACCESS = Symbol('SSH_ACCESS');
export const PATCH_INSTALLERS = Symbol('PATCH_INSTALLERS');
export const ROLLOUT_TARGETS = Symbol('ROLLOUT_TARGETS');

interface ProviderAccess {
  installer: PatchInstaller;
  rolloutTargets: RolloutTargets;
}

interface Drivers {
  config: PatchApplierConfig;
  cloud?: FakeCloud;
  ssh?: SshVmAccess;
}

@Injectable()
class DriverCloser implements OnApplicationShutdown {
  constructor(@Inject(FAKE_CLOUD) private readonly cloud: FakeCloud | undefined, @Inject(SSH_ACCESS) private readonly ssh: SshVmAccess | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.cloud?.close(), this.ssh?.close()]);
  }
}

function accessFor(provider: string, { config, cloud, ssh }: Drivers): ProviderAccess {
  if (provider === 'fake' && cloud) return { installer: new FakeVmAccess(cloud), rolloutTargets: new FakeRolloutTargets(cloud) };
  // Only reads the driver's records: constructing it checks nothing on the host and reaps nothing.
  if (provider === 'local' && ssh) return { installer: ssh, rolloutTargets: new LocalRolloutTargets(new LocalVmDriver({ stateDir: config.LOCAL_VM_STATE_DIR })) };
  throw new Error(`VM_ACCESS_PROVIDERS: no patch installer for provider "${provider}"`);
}

function registryOf<K extends keyof ProviderAccess>(drivers: Drivers, part: K): ProviderRegistry<ProviderAccess[K]> {
  const registry = new ProviderRegistry<ProviderAccess[K]>();
  for (const name of configuredProviders(drivers.config.VM_ACCESS_PROVIDERS)) registry.register(name, accessFor(name, drivers)[part]);
  return registry;
}

/** VM access and rollout targets by provider, from VM_ACCESS_PROVIDERS; the one place a provider is registered. */
@Module({
  providers: [
    {
      provide: FAKE_CLOUD,
      inject: [PatchApplierConfig],
      useFactory: (config: PatchApplierConfig) =>
        configuredProviders(config.VM_ACCESS_PROVIDERS).includes('fake') ? FakeCloud.open(config.FAKE_CLOUD_DATABASE_URL || config.DATABASE_URL) : undefined,
    },
    {
      provide: SSH_ACCESS,
      inject: [PatchApplierConfig, DataSource],
      useFactory: (config: PatchApplierConfig, dataSource: DataSource) => (usesSsh(config.VM_ACCESS_PROVIDERS) ? openSshAccess(config, dataSource) : undefined),
    },
    {
      provide: PATCH_INSTALLERS,
      inject: [PatchApplierConfig, FAKE_CLOUD, SSH_ACCESS],
      useFactory: (config: PatchApplierConfig, cloud: FakeCloud | undefined, ssh: SshVmAccess | undefined) => registryOf({ config, cloud, ssh }, 'installer'),
    },
    {
      provide: ROLLOUT_TARGETS,
      inject: [PatchApplierConfig, FAKE_CLOUD, SSH_ACCESS],
      useFactory: (config: PatchApplierConfig, cloud: FakeCloud | undefined, ssh: SshVmAccess | undefined) => registryOf({ config, cloud, ssh }, 'rolloutTargets'),
    },
    DriverCloser,
  ],
  exports: [PATCH_INSTALLERS, ROLLOUT_TARGETS],
})
export class DriversModule {}
