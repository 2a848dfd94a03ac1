import { createHash, randomUUID } from 'node:crypto';

/**
 * The id of an event caused by another is derived from the cause, the subject and a discriminator.
 * A handler that runs again after a crash therefore emits byte-identical ids, which JetStream's
 * duplicate window and every consumer's inbox drop.
 */
export function derivedEventId(causationId: string, subject: string, discriminator = ''): string {
  const hex = createHash('sha256').update(`${causationId}\u0000${subject}\u0000${discriminator}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newEventId(): string {
  return randomUUID();
}
