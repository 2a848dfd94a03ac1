export interface AdmissionLimits {
  global: number;
  /** Providers with their own limit; any other provider is limited by `global` alone. */
  perProvider: ReadonlyMap<string, number>;
}

/** Parses `fake=20,local=3` (already format-checked by the config class). */
export function parseAdmissionLimits(global: number, perProvider: string): AdmissionLimits {
  const entries = perProvider
    .split(',')
    .filter((entry) => entry !== '')
    .map((entry): [string, number] => {
      const [provider, limit] = entry.split('=');
      return [provider, Number(limit)];
    });
  return { global, perProvider: new Map(entries) };
}

export function providerLimit(limits: AdmissionLimits, provider: string): number {
  return limits.perProvider.get(provider) ?? limits.global;
}

export const ADMISSION_LIMITS = Symbol('ADMISSION_LIMITS');
