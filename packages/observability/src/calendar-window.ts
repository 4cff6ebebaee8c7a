/** A budget period. */
export type BudgetWindow = 'daily' | 'weekly' | 'monthly';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(
  timeZone: string,
  instant: number,
): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  const values: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) values[part.type] = part.value;
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return {
    year: Number(values.year),
    month: Number(values.month),
    day: Number(values.day),
    hour: Number(values.hour),
    minute: Number(values.minute),
    second: Number(values.second),
    weekday: weekdays.indexOf(values.weekday ?? 'Sun'),
  };
}

/** The UTC instant of a wall-clock time in a time zone (two passes settle DST edges). */
function instantOf(timeZone: string, year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall;
  for (let pass = 0; pass < 2; pass += 1) {
    const parts = partsIn(timeZone, guess);
    const seen = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    guess += wall - seen;
  }
  return guess;
}

/** The period containing `instant`: its start, its end (the reset time) and a stable label. */
export interface WindowSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/**
 * The calendar period containing an instant, in a time zone: days start at local midnight, weeks on Monday,
 * months on the 1st.
 *
 * @example
 * windowSpan('daily', Date.now(), 'Europe/Oslo'); // { start, end, label: 'daily:2026-11-24' }
 */
export function windowSpan(window: BudgetWindow, instant: number, timeZone = 'UTC'): WindowSpan {
  // A span only changes when it ends: reuse the last one for this window and zone while it still holds.
  const cacheKey = `${window}|${timeZone}`;
  const cached = spans.get(cacheKey);
  if (cached && instant >= cached.start && instant < cached.end) return cached;
  const span = computeSpan(window, instant, timeZone);
  spans.set(cacheKey, span);
  return span;
}

const spans = new Map<string, WindowSpan>();

function computeSpan(window: BudgetWindow, instant: number, timeZone: string): WindowSpan {
  const parts = partsIn(timeZone, instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  if (window === 'daily') {
    const start = instantOf(timeZone, parts.year, parts.month, parts.day);
    const next = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + 1));
    return {
      start,
      end: instantOf(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
      label: `daily:${parts.year}-${pad(parts.month)}-${pad(parts.day)}`,
    };
  }
  if (window === 'weekly') {
    const back = (parts.weekday + 6) % 7;
    const monday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day - back));
    const nextMonday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day - back + 7));
    const start = instantOf(timeZone, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
    return {
      start,
      end: instantOf(
        timeZone,
        nextMonday.getUTCFullYear(),
        nextMonday.getUTCMonth() + 1,
        nextMonday.getUTCDate(),
      ),
      label: `weekly:${monday.getUTCFullYear()}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`,
    };
  }
  const start = instantOf(timeZone, parts.year, parts.month, 1);
  const next = new Date(Date.UTC(parts.year, parts.month, 1));
  return {
    start,
    end: instantOf(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, 1),
    label: `monthly:${parts.year}-${pad(parts.month)}`,
  };
}
