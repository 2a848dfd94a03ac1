import { VersionSyntaxError } from './errors';
import { compareWindowsBuild } from './windows';

describe('compareWindowsBuild', () => {
  it('compares build numbers component by component', () => {
    expect(compareWindowsBuild('10.0.20348.2340', '10.0.20348.2402')).toBe(-1);
    expect(compareWindowsBuild('10.0.22631.3447', '10.0.20348.2402')).toBe(1);
    expect(compareWindowsBuild('10.0', '10.0.0.0')).toBe(0);
  });

  it('rejects anything but dotted numbers', () => {
    expect(() => compareWindowsBuild('KB5034439', '10.0')).toThrow(VersionSyntaxError);
  });
});
