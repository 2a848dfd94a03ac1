import { Comparison, compareDigitRuns } from './chars';
import { VersionSyntaxError } from './errors';

/**
 * Compares Windows build numbers such as "10.0.20348.2340" component by component
 * (a missing component counts as 0, so "10.0" equals "10.0.0.0").
 */
export function compareWindowsBuild(a: string, b: string): Comparison {
  const x = splitBuild(a);
  const y = splitBuild(b);
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const result = compareDigitRuns(x[index] ?? '0', y[index] ?? '0');
    if (result !== 0) return result;
  }
  return 0;
}

function splitBuild(version: string): string[] {
  if (!/^\d+(\.\d+)*$/.test(version)) {
    throw new VersionSyntaxError('windows', version, 'not a dotted build number like 10.0.20348.2340');
  }
  return version.split('.');
}
