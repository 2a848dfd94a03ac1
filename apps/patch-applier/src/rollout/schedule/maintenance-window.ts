import { CronSchedule, MaintenanceWindow, parseCronExpression } from '@patchproof/contracts';

export type WindowState = { open: true; closesAt: Date | null } | { open: false; opensAt: Date | null };

const MINUTE = 60_000;
/** How far ahead an opening is looked for; a window that never opens within a year (e.g. 30 February) is reported as never. */
const HORIZON_MINUTES = 366 * 24 * 60;

interface LocalTime { month: number; day: number; weekday: number; hour: number; minute: number }

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(at: Date, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  return { month: Number(parts.month), day: Number(parts.day), weekday: WEEKDAYS[parts.weekday], hour: Number(parts.hour), minute: Number(parts.minute) };
}

function dayMatches(schedule: CronSchedule, local: LocalTime): boolean {
  if (!schedule.months.has(local.month)) return false;
  const byMonthDay = schedule.daysOfMonth.has(local.day);
  const byWeekday = schedule.daysOfWeek.has(local.weekday);
  // cron: with both day fields restricted, either matches; with one `*`, the other decides.
  if (!schedule.anyDayOfMonth && !schedule.anyDayOfWeek) return byMonthDay || byWeekday;
  return byMonthDay && byWeekday;
}

/**
 * The first minute at or after `from` (rounded up to a whole minute) at which the window opens, or
 * null within a year. Walks UTC minutes in the window's zone, skipping whole non-matching days and
 * hours, so daylight-saving changes are the zone's own.
 */
export function nextOpening(window: MaintenanceWindow, from: Date): Date | null {
  const schedule = parseCronExpression(window.start);
  let at = Math.ceil(from.getTime() / MINUTE) * MINUTE;
  const end = at + HORIZON_MINUTES * MINUTE;
  while (at <= end) {
    const local = localTime(new Date(at), window.timeZone);
    if (!dayMatches(schedule, local)) {
      // To (about) the next local midnight, but an hour short of it so a 25-hour day cannot skip
      // one; from the last hour, to the next hour.
      at += Math.max(60 - local.minute, 24 * 60 - (local.hour * 60 + local.minute) - 60) * MINUTE;
    } else if (!schedule.hours.has(local.hour)) {
      at += (60 - local.minute) * MINUTE;
    } else if (!schedule.minutes.has(local.minute)) {
      at += MINUTE;
    } else {
      return new Date(at);
    }
  }
  return null;
}

/** Whether `at` is inside the window: it opened less than durationMinutes ago. */
function openingCovering(window: MaintenanceWindow, at: Date): Date | null {
  const opening = nextOpening(window, new Date(at.getTime() - window.durationMinutes * MINUTE + MINUTE));
  return opening && opening.getTime() <= at.getTime() ? opening : null;
}

/**
 * Whether a rollout may run at `at` under the tenant's windows: with no windows, always; inside
 * one, until it closes; outside, closed until the earliest next opening (null: none within a year).
 */
export function windowState(windows: MaintenanceWindow[] | undefined, at: Date): WindowState {
  if (!windows || windows.length === 0) return { open: true, closesAt: null };
  let closesAt: number | undefined;
  let opensAt: number | undefined;
  for (const window of windows) {
    const covering = openingCovering(window, at);
    if (covering) {
      const closing = covering.getTime() + window.durationMinutes * MINUTE;
      closesAt = Math.max(closesAt ?? 0, closing);
      continue;
    }
    const next = nextOpening(window, at);
    if (next) opensAt = Math.min(opensAt ?? Infinity, next.getTime());
  }
  if (closesAt !== undefined) return { open: true, closesAt: new Date(closesAt) };
  return { open: false, opensAt: opensAt === undefined ? null : new Date(opensAt) };
}
