import { BaseServiceConfig } from '@patchproof/service-runtime';
import { IsInt, Matches, Max, Min } from 'class-validator';

export class ReporterConfig extends BaseServiceConfig {
  /** 0 binds any free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3007;

  /** A running run with no progress for this long ends as `error` at the step it was waiting for. */
  @IsInt()
  @Min(1000)
  RUN_STALL_TIMEOUT_MS = 15 * 60_000;

  /** How often the stall sweeper looks for such runs. */
  @IsInt()
  @Min(50)
  RUN_STALL_SWEEP_INTERVAL_MS = 5000;

  /** When set, every finished run's verification.completed payload is POSTed here (best effort). */
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'NOTIFY_WEBHOOK_URL must be empty or an http(s):// URL' })
  NOTIFY_WEBHOOK_URL = '';

  @IsInt()
  @Min(100)
  NOTIFY_WEBHOOK_TIMEOUT_MS = 5000;

  /** Attempts per notification before it is marked failed (and logged as an error). */
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFY_WEBHOOK_MAX_ATTEMPTS = 5;

  /** Delay before the first retry; doubles with every further attempt. */
  @IsInt()
  @Min(10)
  NOTIFY_WEBHOOK_RETRY_DELAY_MS = 2000;
}
