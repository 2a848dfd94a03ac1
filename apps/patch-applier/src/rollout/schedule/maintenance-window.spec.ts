import { MaintenanceWindow } from '@patchproof/contracts';
import { nextOpening, windowState } from './maintenance-window';

const window = (start: string, durationMinutes: number, timeZone: string): MaintenanceWindow => ({ start, durationMinutes, timeZone });

describe('maintenance windows', () => {
  it('is always open without windows', () => {
    expect(windowState(undefined, new Date('2026-12-07T13:00:00Z'))).toEqual({ open: true, closesAt: null });
    expect(windowState([], new Date('2026-12-07T13:00:00Z'))).toEqual({ open: true, closesAt: null });
  });

  it('reads the cron expression in the window\'s time zone, with daylight saving', () => {
    // 02:00 in Berlin is 01:00 UTC in winter (CET) and 00:00 UTC in summer (CEST).
    const nightly = window('0 2 * * *', 60, 'Europe/Berlin');
    expect(nextOpening(nightly, new Date('2026-12-07T13:00:00Z'))?.toISOString()).toBe('2026-12-08T01:00:00.000Z');
    expect(nextOpening(nightly, new Date('2026-07-07T13:00:00Z'))?.toISOString()).toBe('2026-07-08T00:00:00.000Z');
    // 29 March 2026 02:00 does not exist in Berlin (clocks jump 02:00 → 03:00): cron skips that day.
    expect(nextOpening(nightly, new Date('2026-03-28T13:00:00Z'))?.toISOString()).toBe('2026-03-30T00:00:00.000Z');
  });

  it('says when a closed window opens, and when an open one closes', () => {
    const weekdays = window('30 22 * * 1-5', 90, 'UTC');
    // Saturday 2026-12-05 → Monday 22:30.
    expect(windowState([weekdays], new Date('2026-12-05T10:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-12-07T22:30:00Z') });
    // Monday 23:10 is inside (opened 22:30, closes 00:00 Tuesday).
    expect(windowState([weekdays], new Date('2026-12-07T23:10:00Z'))).toEqual({ open: true, closesAt: new Date('2026-12-08T00:00:00Z') });
    // At the closing minute it is closed and reopens the next day.
    expect(windowState([weekdays], new Date('2026-12-08T00:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-12-08T22:30:00Z') });
  });

  it('takes the earliest of several windows and honours cron\'s either-day rule', () => {
    const firstOfMonthOrSunday = window('0 3 1 * 0', 60, 'UTC');
    // From Tuesday 2026-12-08: Sunday the 13th comes before 1 January.
    expect(nextOpening(firstOfMonthOrSunday, new Date('2026-12-08T00:00:00Z'))?.toISOString()).toBe('2026-12-13T03:00:00.000Z');
    const state = windowState([window('0 4 * * *', 30, 'UTC'), window('0 */6 * * *', 10, 'Asia/Tokyo')], new Date('2026-12-07T13:05:00Z'));
    // Tokyo is UTC+9: its 00/06/12/18 h are 15/21/03/09 UTC; 15:00 UTC is the next.
    expect(state).toEqual({ open: false, opensAt: new Date('2026-12-07T15:00:00Z') });
  });

  it('reports a window that never opens as null instead of looping', () => {
    expect(windowState([window('0 0 30 2 *', 60, 'UTC')], new Date('2026-12-07T13:00:00Z'))).toEqual({ open: false, opensAt: null });
  });
});
