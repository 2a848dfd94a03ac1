import { JetStreamClient } from '@nats-io/jetstream';
import { DEAD_LETTER_PREFIX } from '@patchproof/contracts';
import { createHash } from 'node:crypto';

export interface DeadLetter {
  /** The subject the message arrived on. */
  subject: string;
  consumer: string;
  reason: 'invalid' | 'exhausted';
  errors: string[];
  deliveryCount: number;
  /** The original message body, as text (first 64 KiB). */
  body: string;
  streamSequence: number;
  deadAt: string;
}

export function deadLetterSubject(consumer: string): string {
  return `${DEAD_LETTER_PREFIX}.${consumer.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Parks a message that must not be redelivered forever, with why, for operators to list. */
export async function publishDeadLetter(js: JetStreamClient, letter: DeadLetter): Promise<void> {
  const msgID = createHash('sha256').update(`${letter.consumer}:${letter.streamSequence}`).digest('hex');
  await js.publish(deadLetterSubject(letter.consumer), JSON.stringify(letter), { msgID });
}
