import { scoreCvssVector } from './cvss';

describe('scoreCvssVector', () => {
  it.each([
    // Vectors and scores as published by NVD / the vendors' CSAF files.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10, 'critical'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'high'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:N', 8.6, 'high'],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:N/I:H/A:N', 6.8, 'medium'],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'high'],
    ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N', 4.7, 'medium'],
    ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N', 2.5, 'low'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:N/A:N', 6.8, 'medium'],
    ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C', 6.1, 'medium'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, 'none'],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5, 'high'],
    ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3, 'medium'],
    ['(AV:L/AC:L/Au:N/C:P/I:N/A:N)', 2.1, 'low'],
  ])('%s → %d (%s)', (vector, baseScore, severity) => {
    expect(scoreCvssVector(vector)).toMatchObject({ baseScore, severity });
  });

  it.each([
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'high',
    '',
  ])('gives undefined for v4 or malformed %j', (vector) => {
    expect(scoreCvssVector(vector)).toBeUndefined();
  });
});
