/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), as maintenance
 * windows use them: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`; day-of-week
 * 0-7 (0 and 7 are Sunday). Like cron, when both day fields are restricted a day matches either.
 */
export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Whether the day-of-month / day-of-week field was `*` (cron's either-day rule needs it). */
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** Parses a cron expression, or throws saying which field is wrong and why. */
export function parseCronExpression(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = parts.map((part, index) => parseField(part, FIELDS[index]));
  const daysOfWeek = new Set([...rawDaysOfWeek].map((day) => (day === 7 ? 0 : day)));
  return { minutes, hours, daysOfMonth, months, daysOfWeek, anyDayOfMonth: parts[2] === '*', anyDayOfWeek: parts[4] === '*' };
}

/** The reason an expression is not a valid cron expression, or undefined when it is. */
export function cronExpressionError(expression: unknown): string | undefined {
  if (typeof expression !== 'string') return 'must be a string';
  try {
    parseCronExpression(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new Error(`${field.name} field "${text}": "${item}" is not *, a number, a range a-b or a step /n`);
    const [, , first, last, stepText] = match;
    const from = first === undefined ? field.min : Number(first);
    const to = first === undefined ? field.max : last === undefined ? (stepText === undefined ? from : field.max) : Number(last);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (from < field.min || to > field.max || from > to) throw new Error(`${field.name} field "${text}": ${item} is outside ${field.min}-${field.max}`);
    if (step < 1) throw new Error(`${field.name} field "${text}": step must be at least 1`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}
