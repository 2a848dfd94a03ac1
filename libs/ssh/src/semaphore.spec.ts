import { Semaphore } from './semaphore';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Lets every pending promise callback run (a macrotask turn), without waiting for time to pass. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('never lets more than the limit run and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const jobs = gates.map((gate, index) =>
      semaphore.use(async () => {
        started.push(index);
        maxRunning = Math.max(maxRunning, ++running);
        await gate.promise;
        running--;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(semaphore.queued).toBe(3);
    gates[1].resolve();
    await jobs[1];
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((gate) => gate.resolve());
    await Promise.all(jobs);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(maxRunning).toBe(2);
    expect(semaphore.inUse).toBe(0);
  });

  it('releases the slot when the work fails, and tolerates a double release', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await semaphore.acquire();
    release();
    release();
    expect(semaphore.inUse).toBe(0);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
    expect(() => new Semaphore(1.5)).toThrow(/positive integer/);
  });
});
