import { BaseServiceConfig } from '@patchproof/service-runtime';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class PatchIntakeConfig extends BaseServiceConfig {
  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3001;

  /** Runs between run.requested and replica.released, across all providers. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  ADMISSION_GLOBAL_LIMIT: number = 20;

  /** Per-provider limits, e.g. `fake=20,local=3,openstack=3`; a provider not listed gets the global limit. */
  @Matches(/^$|^[a-z][a-z0-9-]{0,31}=\d{1,6}(,[a-z][a-z0-9-]{0,31}=\d{1,6})*$/, {
    message: 'ADMISSION_PROVIDER_LIMITS must look like fake=20,local=3 (provider=limit, comma-separated)',
  })
  ADMISSION_PROVIDER_LIMITS: string = '';

  /** The safety-net admission pass (publishing and releases trigger one anyway). */
  @IsInt()
  @Min(50)
  ADMISSION_INTERVAL_MS: number = 1000;

  /** Where uploaded patch files are kept by SHA-256; patch-applier reads the same directory (or a shared volume). */
  @IsString()
  PATCHPROOF_ARTIFACT_DIR: string = '/var/lib/patchproof/artifacts';

  /** Largest patch file accepted by PUT /patches/:id/artifacts/:fileName, in bytes (default 200 MiB). */
  @IsInt()
  @Min(1)
  @Max(2 ** 40)
  ARTIFACT_MAX_BYTES: number = 200 * 1024 * 1024;
}
