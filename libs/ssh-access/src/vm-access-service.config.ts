import { Logger } from '@nestjs/common';
import { BaseServiceConfig } from '@patchproof/service-runtime';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { FileCredentialVault } from './credentials/credential-vault';
import { TypeOrmHostKeyStore } from './host-keys/typeorm-host-key-store';
import { SshVmAccess, SshVmAccessOptions } from './ssh-vm-access';

/** Settings of every service that reaches VMs (inventory, patch-applier, test-runner). */
export class VmAccessServiceConfig extends BaseServiceConfig {
  /** VM access providers this service offers, comma-separated. `fake` is the simulation; `local` reaches VMs over SSH. */
  @Matches(/^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$/, { message: 'VM_ACCESS_PROVIDERS must be a comma-separated list of provider names' })
  VM_ACCESS_PROVIDERS = 'fake';

  /** Where the fake provider's simulated cloud keeps its state; defaults to DATABASE_URL. */
  @IsString()
  FAKE_CLOUD_DATABASE_URL = '';

  /** Where VM credentials are kept, encrypted with PATCHPROOF_SECRET_KEY (providers reached over SSH). */
  @IsString()
  PATCHPROOF_VAULT_DIR = '/var/lib/patchproof/vault';

  /** SSH connect, handshake, host-key check and login. */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  SSH_CONNECT_TIMEOUT_MS = 15_000;

  /** Commands at once on one VM (sessions on its one SSH connection; keep below sshd's MaxSessions, 10). */
  @IsInt()
  @Min(1)
  @Max(10)
  SSH_MAX_SESSIONS_PER_VM = 4;
}

/**
 * SSH access with host keys pinned in the calling service's schema and credentials from the shared
 * vault; `extras` adds what only one service needs (artifacts, performance baselines).
 */
export function openSshAccess(config: VmAccessServiceConfig, dataSource: DataSource, schema: string, extras: Partial<SshVmAccessOptions> = {}): SshVmAccess {
  return SshVmAccess.create({
    ...extras,
    hostKeys: new TypeOrmHostKeyStore(dataSource, schema),
    vault: FileCredentialVault.fromEnvironment(config.PATCHPROOF_VAULT_DIR),
    connectTimeoutMs: config.SSH_CONNECT_TIMEOUT_MS,
    maxConcurrentPerVm: config.SSH_MAX_SESSIONS_PER_VM,
    logger: new Logger('ssh'),
  });
}
