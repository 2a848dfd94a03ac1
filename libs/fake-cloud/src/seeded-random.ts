import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by the seed and the parts: the simulation's dice, reproducible. */
export function seededFraction(seed: number, ...parts: string[]): number {
  const digest = createHash('sha256').update([String(seed), ...parts].join('\u0000')).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}
