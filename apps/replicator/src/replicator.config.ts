import { BaseServiceConfig } from '@patchproof/service-runtime';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class ReplicatorConfig extends BaseServiceConfig {
  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3002;

  /** Drivers this replicator offers, comma-separated: `fake` (the simulation) and `local` (namespace VMs on this host). */
  @Matches(/^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$/, { message: 'REPLICATOR_DRIVERS must be a comma-separated list of driver names' })
  REPLICATOR_DRIVERS = 'fake';

  /** Where the fake provider's simulated cloud keeps its state; defaults to DATABASE_URL. */
  @IsString()
  FAKE_CLOUD_DATABASE_URL = '';

  /**
   * The `local` provider's host state: records, VM layers and volumes. Every service that reaches the
   * local provider's VMs reads the same LOCAL_VM_* settings (one state directory per prefix).
   */
  @Matches(/^\/[A-Za-z0-9._/-]+$/, { message: 'LOCAL_VM_STATE_DIR must be an absolute path' })
  LOCAL_VM_STATE_DIR = '/var/lib/patchproof/local';

  /** Base images, shared by every state directory. */
  @Matches(/^\/[A-Za-z0-9._/-]+$/, { message: 'LOCAL_VM_IMAGES_DIR must be an absolute path' })
  LOCAL_VM_IMAGES_DIR = '/var/lib/patchproof/images';

  /** Prefix of the host's namespaces, bridges and veths (2-4 characters). */
  @Matches(/^[a-z][a-z0-9]{1,3}$/, { message: 'LOCAL_VM_PREFIX must be 2-4 lowercase letters or digits, starting with a letter' })
  LOCAL_VM_PREFIX = 'pp';

  /** Where the networks of environments and replicas get their subnets (a /24 each). */
  @Matches(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { message: 'LOCAL_VM_ADDRESS_POOL must be an IPv4 CIDR' })
  LOCAL_VM_ADDRESS_POOL = '198.18.0.0/15';
}

/** Whether REPLICATOR_DRIVERS names a driver. */
export function driverEnabled(config: ReplicatorConfig, name: string): boolean {
  return config.REPLICATOR_DRIVERS.split(',').includes(name);
}
