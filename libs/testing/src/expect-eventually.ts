export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Describes what was awaited, for the failure message. */
  what?: string;
}

/**
 * Polls `probe` until it stops throwing (assertions included) and returns its value; fails with the
 * last error when the time is up. Tests wait for conditions, never for fixed sleeps.
 */
export async function expectEventually<T>(probe: () => Promise<T> | T, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const message = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${options.what ?? 'condition'} not met within ${timeoutMs} ms: ${message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
