import { PatchSpec, SelectedTest, TestResult, VmInventory, VmPatchResult } from '@patchproof/contracts';
import { HostKeyStore, SshLogger, SshPool } from '@patchproof/ssh';
import { InventoryCollector, OperationKey, PatchInstaller, TestExecutor, TestPhase, VmTarget } from '@patchproof/vm-access';
import { ArtifactStore } from './artifacts/file-artifact-store';
import { BaselineStore } from './checks/baseline-store';
import { SshTestExecutor } from './checks/ssh-test-executor';
import { CredentialVault } from './credentials/credential-vault';
import { SshInventoryCollector } from './inventory/ssh-inventory-collector';
import { DEFAULT_INSTALLER_TIMEOUTS, InstallerTimeouts, SshPatchInstaller } from './patching/ssh-patch-installer';

export interface SshVmAccessOptions {
  /** Host-key pins (trust on first use); in a service, a TypeOrmHostKeyStore on its own schema. */
  hostKeys: HostKeyStore;
  vault: CredentialVault;
  /** Needed to apply patches that come with files. */
  artifacts?: ArtifactStore;
  /** Needed to run performance tests. */
  baselines?: BaselineStore;
  /** TCP connect, handshake, host-key check and login, in ms. Default 15 s. */
  connectTimeoutMs?: number;
  /** Commands at once per VM (sessions on its one connection). Default 4. */
  maxConcurrentPerVm?: number;
  timeouts?: Partial<InstallerTimeouts>;
  logger?: SshLogger;
}

/**
 * VM access over SSH for any provider whose VMs have addresses: inventory, patch installation and
 * test execution through one connection pool (one connection per VM, reused; per-VM concurrency
 * limit; host keys pinned on first contact, a changed key refused).
 */
export class SshVmAccess implements InventoryCollector, PatchInstaller, TestExecutor {
  private readonly collector: SshInventoryCollector;
  private readonly installer: SshPatchInstaller;
  private readonly executor: SshTestExecutor;

  constructor(readonly pool: SshPool, options: Omit<SshVmAccessOptions, 'hostKeys' | 'connectTimeoutMs' | 'maxConcurrentPerVm' | 'logger'>) {
    const deps = { pool, vault: options.vault, artifacts: options.artifacts, baselines: options.baselines };
    this.collector = new SshInventoryCollector(deps);
    this.installer = new SshPatchInstaller(deps, { ...DEFAULT_INSTALLER_TIMEOUTS, ...options.timeouts });
    this.executor = new SshTestExecutor(deps);
  }

  static create(options: SshVmAccessOptions): SshVmAccess {
    const pool = new SshPool({
      hostKeys: options.hostKeys,
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      maxConcurrentPerVm: options.maxConcurrentPerVm ?? 4,
      logger: options.logger,
    });
    return new SshVmAccess(pool, options);
  }

  collect(vm: VmTarget, key: OperationKey): Promise<VmInventory> {
    return this.collector.collect(vm, key);
  }

  apply(vm: VmTarget, patch: PatchSpec, key: OperationKey): Promise<VmPatchResult> {
    return this.installer.apply(vm, patch, key);
  }

  run(vm: VmTarget, test: SelectedTest, phase: TestPhase, key: OperationKey): Promise<TestResult> {
    return this.executor.run(vm, test, phase, key);
  }

  /** Closes every SSH connection; call at shutdown. */
  close(): Promise<void> {
    return this.pool.closeAll();
  }
}
