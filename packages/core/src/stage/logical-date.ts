import { FatalStageError } from '../errors.js';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLogicalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The run's logical date: `logicalDate` from the input (the execution input, or the previous
 * stage's result, which carries it forward), else the UTC date the execution started.
 */
export function resolveLogicalDate(input: unknown, executionStartTime: string): string {
  const given = (input as { logicalDate?: unknown } | undefined)?.logicalDate;
  if (given !== undefined) {
    if (!isLogicalDate(given)) {
      throw new FatalStageError(
        `logicalDate ${JSON.stringify(given)} must be a calendar date written YYYY-MM-DD`,
      );
    }
    return given;
  }
  const started = new Date(executionStartTime);
  if (Number.isNaN(started.getTime())) {
    throw new FatalStageError(
      `executionStartTime ${JSON.stringify(executionStartTime)} must be an ISO-8601 timestamp`,
    );
  }
  return started.toISOString().slice(0, 10);
}
