import { mapSettled } from './map-settled';

describe('mapSettled', () => {
  it('keeps input order, settles failures and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapSettled([1, 2, 3, 4, 5, 6], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await Promise.resolve();
      inFlight--;
      if (n === 3) throw new Error('three');
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([10, 20, 'three', 40, 50, 60]);
  });

  it('returns nothing for nothing', async () => {
    await expect(mapSettled([], 8, async () => 1)).resolves.toEqual([]);
  });
});
