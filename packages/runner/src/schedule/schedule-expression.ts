import type { Cron } from 'croner';
import { RunnerUsageError } from '../errors.js';
import { instantsOf, isTimeZone, wallFromMillis, wallMillis, wallTimeOf } from './zoned-time.js';

/** A workflow's schedule: an EventBridge Scheduler expression read in a named time zone. */
export interface ScheduleSpec {
  /** `cron(min hour day-of-month month day-of-week year)` or `rate(N minutes|hours|days)`. */
  readonly expression: string;
  /** An IANA time zone, e.g. `Europe/London`. */
  readonly timeZone: string;
}

/** A schedule whose run times can be listed, as EventBridge Scheduler would fire them. */
export interface ScheduleTimes {
  /** The next `count` run times strictly after `after`, earliest first. */
  next(count: number, after: Date): Date[];
  /** The last `count` run times at or before `atOrBefore`, latest first. */
  previous(count: number, atOrBefore: Date): Date[];
}

const MINUTE_MS = 60_000;
const RATE_UNITS: Readonly<Record<string, number>> = {
  minute: MINUTE_MS,
  hour: 60 * MINUTE_MS,
  day: 24 * 60 * MINUTE_MS,
};
/** How many skipped wall times (DST gaps, a repeated hour's second pass) a search tolerates. */
const SEARCH_SLACK = 64;

/**
 * Reads an EventBridge Scheduler expression. Cron fields follow EventBridge (day-of-week 1-7 =
 * SUN-SAT, `?`, `L`, `W`, `#`, a year field); croner evaluates them on the zone's wall clock
 * and {@link instantsOf} places each wall time in the zone, as Scheduler does across DST: a
 * time the clocks skip does not run, and a time they show twice runs once, at the first.
 * Throws RunnerUsageError naming the expression or the zone.
 */
export function scheduleTimes(spec: ScheduleSpec): ScheduleTimes {
  if (!isTimeZone(spec.timeZone)) {
    throw new RunnerUsageError(
      `schedule time zone ${JSON.stringify(spec.timeZone)} is not an IANA time zone such as Europe/London`,
    );
  }
  const expression = spec.expression.trim();
  const rate = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression);
  if (rate) return rateTimes(Number(rate[1]) * (RATE_UNITS[rate[2] as string] as number), spec);
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) throw invalid(spec, 'it must look like cron(0 2 * * ? *) or rate(1 day)');
  return cronTimes(cronerFor(cron[1] as string, spec), spec.timeZone);
}

function invalid(spec: ScheduleSpec, reason: string, cause?: unknown): RunnerUsageError {
  return new RunnerUsageError(
    `schedule expression ${JSON.stringify(spec.expression)} is not valid: ${reason}`,
    { cause },
  );
}

/**
 * The EventBridge fields as a croner pattern (seconds first). Croner's Quartz weekday numbering
 * is EventBridge's; `?` becomes `*` (croner reads `?` differently), and a lone `L` in
 * day-of-week, Saturday in EventBridge, becomes 7.
 */
function cronerFor(body: string, spec: ScheduleSpec): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw invalid(
      spec,
      `it has ${fields.length} fields; cron needs 6 (minutes hours day-of-month month day-of-week year)`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw invalid(spec, 'exactly one of day-of-month and day-of-week must be "?"');
  }
  const any = (field: string) => (field === '?' ? '*' : field);
  const weekday = dayOfWeek === 'L' ? '7' : any(dayOfWeek);
  const pattern = ['0', minutes, hours, any(dayOfMonth), month, weekday, year].join(' ');
  // Loaded here, not at the top: the CLI's every command would otherwise pay for it at start.
  const croner = require('croner') as typeof import('croner');
  try {
    return new croner.Cron(pattern, {
      timezone: 'UTC',
      mode: '7-part',
      alternativeWeekdays: true,
      sloppyRanges: true,
      paused: true,
    });
  } catch (error) {
    throw invalid(spec, (error as Error).message, error);
  }
}

/** Croner walks the wall clock (as UTC, so no zone moves it); each wall time is then placed. */
function cronTimes(cron: Cron, timeZone: string): ScheduleTimes {
  const wallOf = (instant: Date) => new Date(wallMillis(wallTimeOf(instant, timeZone)));
  const firstInstant = (wall: Date) => instantsOf(wallFromMillis(wall.getTime()), timeZone)[0];
  return {
    next(count, after) {
      const found: Date[] = [];
      let cursor: Date | null = wallOf(after);
      for (let tries = 0; found.length < count && tries < count + SEARCH_SLACK; tries++) {
        cursor = cursor && cron.nextRun(cursor);
        if (!cursor) break;
        const instant = firstInstant(cursor);
        if (instant && instant.getTime() > after.getTime()) found.push(instant);
      }
      return found;
    },
    previous(count, atOrBefore) {
      const found: Date[] = [];
      let cursor: Date | undefined = new Date(wallOf(atOrBefore).getTime() + MINUTE_MS);
      for (let tries = 0; found.length < count && tries < count + SEARCH_SLACK; tries++) {
        cursor = cursor && cron.previousRuns(1, cursor)[0];
        if (!cursor) break;
        const instant = firstInstant(cursor);
        if (instant && instant.getTime() <= atOrBefore.getTime()) found.push(instant);
      }
      return found;
    },
  };
}

/**
 * A rate fires every `period` counted from 1970-01-01T00:00Z (Scheduler counts from the
 * schedule's StartDate or creation, which a local schedule does not have). A day is 24 hours,
 * as in Scheduler, whatever the zone's clocks do.
 */
function rateTimes(period: number, spec: ScheduleSpec): ScheduleTimes {
  if (period <= 0) throw invalid(spec, 'the rate must be 1 or more');
  return {
    next: (count, after) =>
      Array.from(
        { length: count },
        (_, i) => new Date((Math.floor(after.getTime() / period) + 1 + i) * period),
      ),
    previous: (count, atOrBefore) =>
      Array.from(
        { length: count },
        (_, i) => new Date((Math.floor(atOrBefore.getTime() / period) - i) * period),
      ),
  };
}
