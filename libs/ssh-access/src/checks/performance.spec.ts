import { DefinitionError } from './definition';
import { bestOf, firstNumber, withinThreshold } from './performance';

describe('performance measurement', () => {
  it('takes the best (smallest) sample: interference only adds to a cost', () => {
    expect(bestOf([30, 10, 20])).toBe(10);
    expect(bestOf([40, 20, 30, 25])).toBe(20);
    expect(bestOf([7])).toBe(7);
  });

  it('reads the first number a command printed', () => {
    expect(firstNumber('tps = 1234.5 (without initial connection time)')).toBe(1234.5);
    expect(firstNumber('elapsed: -3e2')).toBe(-300);
    expect(() => firstNumber('no digits')).toThrow(DefinitionError);
  });

  it('allows a ratio after/before up to the threshold', () => {
    expect(withinThreshold(100, 150, 1.5)).toBe(true);
    expect(withinThreshold(100, 151, 1.5)).toBe(false);
    expect(withinThreshold(100, 50, 1.2)).toBe(true);
  });
});
