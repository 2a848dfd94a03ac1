import { MeasurementGate } from './measurement-gate';

/** A task that runs until released, recording when it started. */
function task(log: string[], name: string): { run: () => Promise<string>; release: () => void; started: () => boolean } {
  let release!: () => void;
  let started = false;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    run: async () => {
      started = true;
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    release: () => release(),
    started: () => started,
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('MeasurementGate', () => {
  it('runs shared work side by side', async () => {
    const gate = new MeasurementGate();
    const log: string[] = [];
    const a = task(log, 'a');
    const b = task(log, 'b');
    const results = [gate.shared(a.run), gate.shared(b.run)];
    await settle();
    expect([a.started(), b.started()]).toEqual([true, true]);
    a.release();
    b.release();
    expect(await Promise.all(results)).toEqual(['a', 'b']);
  });

  it('starts a measurement only when nothing else runs, and nothing beside it', async () => {
    const gate = new MeasurementGate();
    const log: string[] = [];
    const before = task(log, 'before');
    const measurement = task(log, 'measurement');
    const after = task(log, 'after');
    const pending = [gate.shared(before.run), gate.exclusive(measurement.run), gate.shared(after.run)];
    await settle();
    expect({ before: before.started(), measurement: measurement.started(), after: after.started() }).toEqual({ before: true, measurement: false, after: false });
    before.release();
    await settle();
    expect({ measurement: measurement.started(), after: after.started() }).toEqual({ measurement: true, after: false });
    measurement.release();
    await settle();
    expect(after.started()).toBe(true);
    after.release();
    await Promise.all(pending);
    expect(log).toEqual(['start before', 'end before', 'start measurement', 'end measurement', 'start after', 'end after']);
  });

  it('runs two measurements one after the other', async () => {
    const gate = new MeasurementGate();
    const log: string[] = [];
    const first = task(log, 'first');
    const second = task(log, 'second');
    const pending = [gate.exclusive(first.run), gate.exclusive(second.run)];
    await settle();
    expect(second.started()).toBe(false);
    first.release();
    await settle();
    second.release();
    await Promise.all(pending);
    expect(log).toEqual(['start first', 'end first', 'start second', 'end second']);
  });

  it('releases the gate when the work fails', async () => {
    const gate = new MeasurementGate();
    await expect(gate.exclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.shared(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
