import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('returns the result of work that finishes in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000, 'answer')).resolves.toBe(42);
  });

  it('rejects with a TimeoutError naming what timed out', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(withTimeout(never, 10, 'verify of pg-up')).rejects.toEqual(new TimeoutError('verify of pg-up timed out after 10 ms'));
  });

  it('passes on the failure of work that fails in time', async () => {
    await expect(withTimeout(Promise.reject(new Error('unreachable')), 1000, 'x')).rejects.toThrow('unreachable');
  });
});
