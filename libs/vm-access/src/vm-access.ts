import { OsFamily, PatchSpec, SelectedTest, TestResult, VmInventory, VmPatchResult } from '@patchproof/contracts';

/** A VM of a replica (or of the real environment, for a rollout) that a service must reach. */
export interface VmTarget {
  provider: string;
  /** The tenant's environment reference (TenantSpec.environmentRef). */
  environmentRef: string;
  /** The replica the VM belongs to; absent for the tenant's real VMs (a rollout). */
  replicaId?: string;
  vmId: string;
  name: string;
  address?: string;
  osFamily: OsFamily;
  credentialsRef?: string;
}

/** Side effects are keyed so that repeating a call after a crash returns the recorded result. */
export interface OperationKey {
  runId: string;
  /** e.g. "apply", "rollout", "prepare:<testId>", "verify:<testId>" (":<target>" appended when the test has one). */
  step: string;
}

export interface InventoryCollector {
  collect(vm: VmTarget, key: OperationKey): Promise<VmInventory>;
}

export interface PatchInstaller {
  apply(vm: VmTarget, patch: PatchSpec, key: OperationKey): Promise<VmPatchResult>;
}

export type TestPhase = 'prepare' | 'verify';

export interface TestExecutor {
  run(vm: VmTarget, test: SelectedTest, phase: TestPhase, key: OperationKey): Promise<TestResult>;
}

/** A failure of the VM or the operation itself (not of the software under test). */
export class VmAccessError extends Error {
  constructor(message: string, readonly vmId?: string) {
    super(message);
    this.name = 'VmAccessError';
  }
}

export class UnknownProviderError extends Error {
  constructor(provider: string, known: string[]) {
    super(`no VM access for provider "${provider}" (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownProviderError';
  }
}

/** Picks a service's implementation by provider name; never falls back to another provider. */
export class ProviderRegistry<T> {
  private readonly byProvider = new Map<string, T>();

  register(provider: string, implementation: T): this {
    this.byProvider.set(provider, implementation);
    return this;
  }

  get(provider: string): T {
    const implementation = this.byProvider.get(provider);
    if (!implementation) throw new UnknownProviderError(provider, [...this.byProvider.keys()]);
    return implementation;
  }

  providers(): string[] {
    return [...this.byProvider.keys()];
  }
}
