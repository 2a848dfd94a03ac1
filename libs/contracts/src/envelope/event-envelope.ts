import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

/** W3C trace context carried across the bus so one run is one trace. */
export class TraceContext {
  @IsString()
  @Matches(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
  traceparent!: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  tracestate?: string;
}

/**
 * Every message on the bus. `id` doubles as the JetStream message id (Nats-Msg-Id), so a publish
 * repeated after a crash is dropped by the server, and as the inbox key that makes handlers idempotent.
 */
export class EventEnvelope<P = unknown> {
  @IsUUID()
  id!: string;

  @IsString()
  @Matches(/^patchproof(\.[a-z][a-z0-9-]*)+\.v[0-9]+$/)
  subject!: string;

  @IsOptional()
  @IsUUID()
  runId?: string;

  /** The id shared by everything one outside request started (a patch publication). */
  @IsUUID()
  correlationId!: string;

  /** The id of the event (or request) that directly caused this one. */
  @IsUUID()
  causationId!: string;

  @IsISO8601()
  occurredAt!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => TraceContext)
  trace?: TraceContext;

  @IsDefined()
  @IsObject()
  payload!: P;
}
