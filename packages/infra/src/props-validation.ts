import { assertStageName, normalizeKeyPrefix } from '@ceap/core';
import { Token } from 'aws-cdk-lib';
import { InfraPropsError } from './errors.js';

const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$|^[a-z]$/;
const TAG_VALUE_PATTERN = /^[A-Za-z0-9_.:/=+@-]{1,128}$/;
const CRON_PATTERN = /^cron\((.*)\)$/;
const CRON_FIELD_PATTERN = /^[0-9A-Za-z*?,/#-]+$/;
/** minutes, hours, day-of-month, month, day-of-week, year: EventBridge Scheduler's six fields. */
const CRON_FIELD_RANGES: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [1, 7],
  [1970, 2199],
];

/**
 * A deployment prefix: 1-20 characters of a-z 0-9 -, starting with a letter and not ending
 * in `-`. It becomes part of stack, bucket, job and function names, so it must be valid in all.
 */
export function assertPrefix(prefix: unknown, prop = 'prefix'): string {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new InfraPropsError(
      `${prop} ${JSON.stringify(prefix)} must be 1-20 characters of a-z 0-9 -, start with a letter and not end with "-"`,
    );
  }
  return prefix;
}

/** A value for a cost-allocation tag such as `testRunId`. */
export function assertTagValue(value: unknown, prop: string): string {
  if (typeof value !== 'string' || !TAG_VALUE_PATTERN.test(value)) {
    throw new InfraPropsError(
      `${prop} ${JSON.stringify(value)} must be 1-128 characters of A-Z a-z 0-9 _ . : / = + @ -`,
    );
  }
  return value;
}

/**
 * An EventBridge Scheduler cron expression: `cron(minutes hours day-of-month month day-of-week
 * year)`, with `?` in exactly one of day-of-month and day-of-week.
 */
export function assertCronExpression(expression: unknown, prop: string): string {
  const fields =
    typeof expression === 'string'
      ? CRON_PATTERN.exec(expression.trim())?.[1]?.trim().split(/\s+/)
      : undefined;
  const reason =
    fields === undefined ? 'must look like cron(0 2 * * ? *)' : cronFieldsProblem(fields);
  if (reason !== undefined) {
    throw new InfraPropsError(
      `${prop} ${JSON.stringify(expression)} is not a valid Scheduler cron: ${reason}`,
    );
  }
  return expression as string;
}

function cronFieldsProblem(fields: readonly string[]): string | undefined {
  if (fields.length !== 6)
    return `it has ${fields.length} fields; cron needs 6 (minutes hours day-of-month month day-of-week year)`;
  for (const [index, field] of fields.entries()) {
    if (!CRON_FIELD_PATTERN.test(field))
      return `field ${index + 1} ${JSON.stringify(field)} has characters cron does not allow`;
    const range = CRON_FIELD_RANGES[index] as readonly [number, number];
    const outOfRange = (field.match(/\d+/g) ?? [])
      .map(Number)
      .find((n) => !/[/#]/.test(field) && (n < range[0] || n > range[1]));
    if (outOfRange !== undefined)
      return `field ${index + 1} value ${outOfRange} is outside ${range[0]}-${range[1]}`;
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'exactly one of day-of-month and day-of-week must be "?"';
  }
  return undefined;
}

/** An IANA time zone name such as `Europe/London`. */
export function assertTimeZone(timeZone: unknown, prop: string): string {
  try {
    if (typeof timeZone !== 'string' || timeZone === '') throw new RangeError('empty');
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch (error) {
    throw new InfraPropsError(
      `${prop} ${JSON.stringify(timeZone)} must be an IANA time zone such as "Europe/London"`,
      {
        cause: error,
      },
    );
  }
  return timeZone;
}

/** A whole number at least `min` (a token passes: CloudFormation checks it at deploy time). */
export function assertWholeNumber(value: unknown, min: number, prop: string, why = ''): number {
  if (typeof value === 'number' && Token.isUnresolved(value)) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InfraPropsError(
      `${prop} must be a whole number of at least ${min}${why}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A non-empty string prop. */
export function assertNonEmpty(value: unknown, prop: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InfraPropsError(`${prop} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A stage name, as the key layout and the ASL use it. */
export function assertStage(stage: unknown, prop: string): string {
  try {
    assertStageName(stage as string);
  } catch (error) {
    throw new InfraPropsError(`${prop}: ${(error as Error).message}`, { cause: error });
  }
  return stage as string;
}

/** A data key prefix: empty, or segments each ending in `/`. */
export function assertKeyPrefix(keyPrefix: string | undefined, prop: string): string {
  try {
    return normalizeKeyPrefix(keyPrefix);
  } catch (error) {
    throw new InfraPropsError(`${prop}: ${(error as Error).message}`, { cause: error });
  }
}

/** A key prefix inside the data bucket that a role may use: segments each ending in `/`. */
export function assertDataPrefix(prefix: string, prop: string): string {
  if (!/^([A-Za-z0-9_.=-]+\/)+$/.test(prefix) || prefix.split('/').includes('..')) {
    throw new InfraPropsError(
      `${prop} ${JSON.stringify(prefix)} must be one or more segments of A-Z a-z 0-9 _ . = - each ending in "/"`,
    );
  }
  return prefix;
}
