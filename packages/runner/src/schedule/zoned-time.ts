/** A wall-clock time with no zone: what a clock on the wall of `timeZone` shows. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
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
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a time zone Intl knows (an IANA name such as `Europe/London`, or `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What the clocks of `timeZone` show at `instant` (seconds dropped). */
export function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
  };
}

/** The wall time as if it were UTC: a number to compare and do arithmetic on. */
export function wallMillis(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/** The wall time read back from {@link wallMillis}. */
export function wallFromMillis(millis: number): WallTime {
  const date = new Date(millis);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instants at which `timeZone`'s clocks show `wall`, earliest first: one on most days,
 * none for a time the clocks skip (spring forward), two for a time they show twice (fall
 * back). Found by trying the zone's offsets a day either side, which covers every real
 * transition (none moves the clock by a day).
 */
export function instantsOf(wall: WallTime, timeZone: string): Date[] {
  const local = wallMillis(wall);
  const offsets = new Set(
    [local - DAY_MS, local + DAY_MS].map((probe) => offsetAt(new Date(probe), timeZone)),
  );
  const found = [...offsets]
    .map((offset) => local - offset)
    .filter((candidate) => wallMillis(wallTimeOf(new Date(candidate), timeZone)) === local)
    .sort((a, b) => a - b);
  return [...new Set(found)].map((millis) => new Date(millis));
}

/** The zone's offset from UTC at `instant`, in milliseconds (to the minute). */
function offsetAt(instant: Date, timeZone: string): number {
  const minute = Math.floor(instant.getTime() / 60_000) * 60_000;
  return wallMillis(wallTimeOf(new Date(minute), timeZone)) - minute;
}
