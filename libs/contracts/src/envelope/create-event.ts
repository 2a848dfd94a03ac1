import { EventEnvelope, TraceContext } from './event-envelope';
import { derivedEventId } from './event-id';
import { validateEvent } from './validate-event';
import { PayloadOf, Subject } from '../subjects';

export interface EventOrigin {
  /** The event (or HTTP request id) that caused this one; its id seeds a deterministic event id. */
  causationId: string;
  correlationId: string;
  runId?: string;
  trace?: TraceContext;
  /** Distinguishes several events of one subject caused by one cause (e.g. one run per tenant). */
  discriminator?: string;
}

export class InvalidEventError extends Error {
  constructor(readonly subject: string, readonly errors: string[]) {
    super(`invalid ${subject} event: ${errors.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * Builds and validates an envelope. Publishing an invalid payload is a programming error, so this
 * throws; handlers' tests catch it.
 */
export function createEvent<S extends Subject>(subject: S, payload: PayloadOf<S>, origin: EventOrigin): EventEnvelope<PayloadOf<S>> {
  const id = derivedEventId(origin.causationId, subject, origin.discriminator);
  const envelope: EventEnvelope<PayloadOf<S>> = {
    id,
    subject,
    runId: origin.runId,
    correlationId: origin.correlationId,
    causationId: origin.causationId,
    occurredAt: new Date().toISOString(),
    trace: origin.trace && spanOf(origin.trace, id),
    payload,
  };
  const json = JSON.stringify(envelope);
  const check = validateEvent(subject, json);
  if (!check.ok) throw new InvalidEventError(subject, check.errors);
  return JSON.parse(json) as EventEnvelope<PayloadOf<S>>;
}

/**
 * The same trace with this event as its own span: the span id is taken from the (deterministic)
 * event id, so a re-created event is the same span and consumers can chain spans by causation.
 */
function spanOf(trace: TraceContext, eventId: string): TraceContext {
  const [version, traceId, , flags] = trace.traceparent.split('-');
  return { ...trace, traceparent: `${version}-${traceId}-${eventId.replace(/-/g, '').slice(0, 16)}-${flags}` };
}

/** The origin for events caused by a received event: same correlation, run and trace. */
export function causedBy(cause: EventEnvelope, discriminator?: string): EventOrigin {
  return { causationId: cause.id, correlationId: cause.correlationId, runId: cause.runId, trace: cause.trace, discriminator };
}
