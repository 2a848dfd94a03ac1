import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Settings every service reads; each service extends it with its own. */
export class BaseServiceConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/patchproof';

  @Matches(/^(nats|tls):\/\//, { message: 'NATS_URL must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString()
  HOST = '127.0.0.1';

  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsInt()
  @Min(1)
  @Max(1024)
  CONSUMER_CONCURRENCY = 16;

  @IsInt()
  @Min(1000)
  ACK_WAIT_MS = 60_000;

  @IsInt()
  @Min(1)
  @Max(100)
  MAX_DELIVER = 8;

  @IsInt()
  @Min(0)
  RETRY_DELAY_MS = 1000;

  @IsInt()
  @Min(1000)
  DUPLICATE_WINDOW_MS = 600_000;

  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 250;

  @IsInt()
  @Min(1)
  @Max(64)
  DB_POOL_SIZE = 10;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}
