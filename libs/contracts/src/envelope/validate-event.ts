import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EventEnvelope } from './event-envelope';
import { EVENTS, isSubject, PayloadOf, Subject } from '../subjects';

export type EventValidation<S extends Subject = Subject> =
  | { ok: true; envelope: EventEnvelope<PayloadOf<S>> }
  | { ok: false; errors: string[] };

/** Flattens class-validator errors into "path: message" lines naming the field at fault. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

const validatorOptions = { whitelist: true, forbidUnknownValues: true } as const;

/** Parses and validates raw bytes as an envelope of the given subject; never throws. */
export function validateEvent(subject: string, raw: Uint8Array | string): EventValidation {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
  } catch (error) {
    return { ok: false, errors: [`body: not JSON (${(error as Error).message})`] };
  }
  if (!isSubject(subject)) return { ok: false, errors: [`subject: unknown subject ${subject}`] };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, errors: ['body: must be a JSON object'] };
  const envelope = plainToInstance(EventEnvelope, json);
  const errors = describeValidationErrors(validateSync(envelope, validatorOptions));
  if (envelope.subject !== subject) errors.push(`subject: envelope says ${String(envelope.subject)} but arrived on ${subject}`);
  if (typeof envelope.payload !== 'object' || envelope.payload === null) return { ok: false, errors };
  const payload = plainToInstance(EVENTS[subject] as new () => object, envelope.payload);
  errors.push(...describeValidationErrors(validateSync(payload, validatorOptions), 'payload'));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, envelope: { ...envelope, payload } as EventEnvelope<PayloadOf<Subject>> };
}
