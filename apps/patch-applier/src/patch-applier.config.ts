import { VmAccessServiceConfig } from '@patchproof/ssh-access';
import { IsInt, IsString, Max, Min } from 'class-validator';

export class PatchApplierConfig extends VmAccessServiceConfig {
  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3005;

  /** VMs patched at once, on a replica and in a rollout. */
  @IsInt()
  @Min(1)
  @Max(256)
  APPLY_CONCURRENCY = 8;

  /** How often approved rollouts are checked against the tenants' maintenance windows. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  ROLLOUT_POLL_MS = 5000;

  /** Patch files by SHA-256, as patch-intake stored the uploads (the same directory, or a shared volume). */
  @IsString()
  PATCHPROOF_ARTIFACT_DIR = '/var/lib/patchproof/artifacts';

  /** The local provider's state directory (libs/local-vm), where a rollout finds the tenant's real VMs. */
  @IsString()
  LOCAL_VM_STATE_DIR = '/var/lib/patchproof/local';
}
