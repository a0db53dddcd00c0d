import { FatalStageError } from '../errors.js';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLogicalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const KEY_DATE_PATTERN = /(?:^|\/)dt=(\d{4}-\d{2}-\d{2})(?:\/|$)/;

/**
 * The logical date an object key names in its `dt=YYYY-MM-DD` folder (Hive-style
 * partitioning, as `incoming/dt=2026-03-10/part-0.json`); undefined when it names none.
 */
export function logicalDateOfKey(key: string): string | undefined {
  const date = KEY_DATE_PATTERN.exec(key)?.[1];
  return isLogicalDate(date) ? date : undefined;
}

interface DateFields {
  readonly logicalDate?: unknown;
  readonly objectKey?: unknown;
  readonly scheduledTime?: unknown;
  readonly scheduleTimeZone?: unknown;
}

/**
 * The run's logical date, in this order:
 * 1. `logicalDate` from the input (the execution input, or the previous stage's result, which
 *    carries it forward);
 * 2. for a run an object's creation started (`objectKey`, sent by the workflow's trigger), the
 *    key's `dt=YYYY-MM-DD` part;
 * 3. for a scheduled run (`scheduledTime` and `scheduleTimeZone`, sent by the nightly
 *    schedule), the day before the scheduled time in the schedule's time zone: the 02:00 run of
 *    the 22nd processes the 21st, whose data is complete, as in Airflow;
 * 4. the UTC date the execution started.
 *
 * An EventBridge Pipe delivers its messages as an array; their fields are read from its items.
 */
export function resolveLogicalDate(input: unknown, executionStartTime: string): string {
  const fields = dateFields(input);
  if (fields.logicalDate !== undefined) {
    if (!isLogicalDate(fields.logicalDate)) {
      throw new FatalStageError(
        `logicalDate ${JSON.stringify(fields.logicalDate)} must be a calendar date written YYYY-MM-DD`,
      );
    }
    return fields.logicalDate;
  }
  if (fields.objectKey !== undefined) {
    const fromKey =
      typeof fields.objectKey === 'string' ? logicalDateOfKey(fields.objectKey) : undefined;
    if (fromKey === undefined) {
      throw new FatalStageError(
        `objectKey ${JSON.stringify(fields.objectKey)} has no dt=YYYY-MM-DD part to take the logical date from`,
      );
    }
    return fromKey;
  }
  if (fields.scheduledTime !== undefined) {
    return dayBeforeIn(fields.scheduledTime, fields.scheduleTimeZone ?? 'UTC');
  }
  return datePart(executionStartTime, 'executionStartTime');
}

function dateFields(input: unknown): DateFields {
  if (!Array.isArray(input))
    return typeof input === 'object' && input !== null ? (input as DateFields) : {};
  const dates = new Set(
    input.map((item) => (item as DateFields | null)?.logicalDate).filter((d) => d !== undefined),
  );
  if (dates.size > 1) {
    throw new FatalStageError(
      `the batch's messages carry different logicalDate values (${[...dates].map((d) => JSON.stringify(d)).join(', ')}); send one date per message batch`,
    );
  }
  return { logicalDate: [...dates][0] };
}

function dayBeforeIn(scheduledTime: unknown, timeZone: unknown): string {
  const instant = new Date(typeof scheduledTime === 'string' ? scheduledTime : Number.NaN);
  if (Number.isNaN(instant.getTime())) {
    throw new FatalStageError(
      `scheduledTime ${JSON.stringify(scheduledTime)} must be an ISO-8601 timestamp`,
    );
  }
  let localDate: string;
  try {
    // en-CA formats as YYYY-MM-DD.
    localDate = new Intl.DateTimeFormat('en-CA', {
      timeZone: String(timeZone),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
  } catch {
    throw new FatalStageError(
      `scheduleTimeZone ${JSON.stringify(timeZone)} must be an IANA time zone`,
    );
  }
  return new Date(Date.parse(`${localDate}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

function datePart(timestamp: string, field: string): string {
  const instant = new Date(timestamp);
  if (Number.isNaN(instant.getTime())) {
    throw new FatalStageError(
      `${field} ${JSON.stringify(timestamp)} must be an ISO-8601 timestamp`,
    );
  }
  return instant.toISOString().slice(0, 10);
}
