import { DeadLetter } from '@patchproof/messaging';
import { DeadLetterRecord } from './dead-letter.entity';

/** A message as it arrived on the dead-letter stream. */
export interface ReceivedDeadLetter {
  streamSeq: number;
  subject: string;
  data: Uint8Array;
}

export type NewDeadLetter = Omit<DeadLetterRecord, 'receivedAt'>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);

/**
 * Whatever arrives is kept: a body that is not the DeadLetter shape (someone published by hand) is
 * stored as it came, with empty fields, rather than refused and redelivered for ever.
 */
export function parseDeadLetter(received: ReceivedDeadLetter): NewDeadLetter {
  const raw = Buffer.from(received.data).toString('utf8');
  const letter = readObject(raw);
  const sequence = integer(letter.streamSequence);
  const deadAt = text(letter.deadAt);
  return {
    streamSeq: String(received.streamSeq),
    subject: received.subject,
    originalSubject: text(letter.subject),
    consumer: text(letter.consumer),
    reason: text(letter.reason),
    errors: Array.isArray(letter.errors) ? letter.errors.filter((error): error is string => typeof error === 'string') : [],
    deliveryCount: integer(letter.deliveryCount),
    body: text(letter.body) ?? raw,
    originalSeq: sequence === null ? null : String(sequence),
    deadAt: deadAt && !Number.isNaN(Date.parse(deadAt)) ? new Date(deadAt) : null,
  };
}

function readObject(raw: string): Partial<Record<keyof DeadLetter, unknown>> {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
