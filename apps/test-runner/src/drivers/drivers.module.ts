import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { FakeCloud, FakeVmAccess } from '@patchproof/fake-cloud';
import { SshVmAccess } from '@patchproof/ssh-access';
import { ProviderRegistry, TestExecutor } from '@patchproof/vm-access';
import { DataSource } from 'typeorm';
import { TestRunnerConfig } from '../test-runner.config';
import { openSshAccess } from './ssh-access.factory';
import { configuredProviders, SSH_PROVIDERS, usesSsh } from '@patchproof/vm-access';

export const FAKE_CLOUD = Symbol('FAKE_CLOUD');
export const SSH_ACCESS = Symbol('SSH_ACCESS');
export const TEST_EXECUTORS = Symbol('TEST_EXECUTORS');

@Injectable()
class DriverCloser implements OnApplicationShutdown {
  constructor(@Inject(FAKE_CLOUD) private readonly cloud: FakeCloud | undefined, @Inject(SSH_ACCESS) private readonly ssh: SshVmAccess | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.cloud?.close(), this.ssh?.close()]);
  }
}

function executorFor(provider: string, cloud: FakeCloud | undefined, ssh: SshVmAccess | undefined): TestExecutor {
  if (provider === 'fake' && cloud) return new FakeVmAccess(cloud);
  if (SSH_PROVIDERS.includes(provider) && ssh) return ssh;
  throw new Error(`VM_ACCESS_PROVIDERS: no test executor for provider "${provider}"`);
}

/** VM access by provider, from VM_ACCESS_PROVIDERS; the one place a provider is registered. */
@Module({
  providers: [
    {
      provide: FAKE_CLOUD,
      inject: [TestRunnerConfig],
      useFactory: (config: TestRunnerConfig) =>
        configuredProviders(config.VM_ACCESS_PROVIDERS).includes('fake') ? FakeCloud.open(config.FAKE_CLOUD_DATABASE_URL || config.DATABASE_URL) : undefined,
    },
    {
      provide: SSH_ACCESS,
      inject: [TestRunnerConfig, DataSource],
      useFactory: (config: TestRunnerConfig, dataSource: DataSource) => (usesSsh(config.VM_ACCESS_PROVIDERS) ? openSshAccess(config, dataSource) : undefined),
    },
    {
      provide: TEST_EXECUTORS,
      inject: [TestRunnerConfig, FAKE_CLOUD, SSH_ACCESS],
      useFactory: (config: TestRunnerConfig, cloud: FakeCloud | undefined, ssh: SshVmAccess | undefined) => {
        const registry = new ProviderRegistry<TestExecutor>();
        for (const name of configuredProviders(config.VM_ACCESS_PROVIDERS)) registry.register(name, executorFor(name, cloud, ssh));
        return registry;
      },
    },
    DriverCloser,
  ],
  exports: [TEST_EXECUTORS],
})
export class DriversModule {}
