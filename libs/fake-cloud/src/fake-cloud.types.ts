import { InstalledPackage, OsInfo } from '@patchproof/contracts';
import { VmAccessError } from '@patchproof/vm-access';

export const FAKE_OPERATIONS = ['replicate', 'release', 'inventory', 'apply', 'test'] as const;
export type FakeOperation = (typeof FAKE_OPERATIONS)[number];
/** Operations that can fail half-way, leaving part of their effect behind. */
export const PARTIAL_FAILURE_OPERATIONS = ['replicate'] as const;
export type PartialFailureOperation = (typeof PARTIAL_FAILURE_OPERATIONS)[number];

/** A simulated service on a simulated VM; restarted when one of its packages changes. */
export interface FakeServiceSpec {
  name: string;
  port?: number;
  packages: string[];
}

export interface FakeVmSpec {
  name: string;
  os: OsInfo;
  packages: InstalledPackage[];
  services: FakeServiceSpec[];
}

export const FAKE_FAULT_EFFECTS = ['service-down', 'data-corruption', 'slowdown', 'restart-fails'] as const;
export type FakeFaultEffect = (typeof FAKE_FAULT_EFFECTS)[number];

/**
 * A simulated misbehaviour: once `package` reaches `fromVersion`, the `service` stops silently
 * (`service-down`: the installation reports success, only tests see it), corrupts stored data
 * (`data-corruption`), slows by `factor` (`slowdown`), or does not come back after the patch's
 * restart (`restart-fails`: the installation reports the VM `failed` with simulated evidence, as a
 * broken configuration does). Faults fire deterministically, by the patched version.
 */
export interface FakeFault {
  package: string;
  fromVersion: string;
  effect: FakeFaultEffect;
  service: string;
  factor?: number;
}

export interface FakeEnvironmentSpec {
  id: string;
  /** Seeds every simulated random decision, so a run is reproducible. */
  seed: number;
  /** The OSV ecosystem the VMs' packages belong to, e.g. "Debian:12". */
  ecosystem: string;
  vms: FakeVmSpec[];
  latencyMs: Partial<Record<FakeOperation, number>>;
  failureRate: Partial<Record<FakeOperation, number>>;
  /** Probability that the operation fails half-way: `replicate` creates half the VMs, then fails. */
  partialFailureRate?: Partial<Record<PartialFailureOperation, number>>;
  faults: FakeFault[];
}

export interface FakeServiceState extends FakeServiceSpec {
  running: boolean;
  corrupted: boolean;
  slowdown: number;
}

export interface FakeVmState {
  vmId: string;
  environmentId: string;
  replicaId: string | null;
  name: string;
  os: OsInfo;
  packages: InstalledPackage[];
  services: FakeServiceState[];
  /** Rows seeded by data tests, by test id. */
  data: Record<string, string>;
  /** Performance baselines by test id. */
  baselines: Record<string, number>;
}

/** Thrown for a failure the simulation injected (a configured failure rate hit). */
export class SimulatedFailureError extends VmAccessError {
  constructor(operation: FakeOperation, detail: string) {
    super(`simulated ${operation} failure: ${detail}`);
    this.name = 'SimulatedFailureError';
  }
}
