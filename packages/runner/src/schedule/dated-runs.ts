import { type ExecutionId, isLogicalDate, parseExecutionId, resolveLogicalDate } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { RunnerUsageError } from '../errors.js';

/**
 * True when a workflow's runs are keyed by logical date, so backfill and the scheduler may
 * start one run per date: a scheduled or triggered workflow, or a STANDARD (batch) one. An EXPRESS workflow
 * without a schedule runs once per message, and has no dates to fill.
 */
export function hasLogicalDates(workflow: Workflow): boolean {
  return (
    workflow.schedule !== undefined ||
    workflow.trigger !== undefined ||
    workflow.type === 'STANDARD'
  );
}

/** Refuses a workflow that has no logical dates, naming it (exit 2). */
export function assertLogicalDates(workflow: Workflow): void {
  if (!hasLogicalDates(workflow)) {
    throw new RunnerUsageError(
      `--workflow ${workflow.name} has no logical date: it is EXPRESS with no schedule, so it runs once per message; backfill and schedule a STANDARD or scheduled workflow`,
    );
  }
}

/**
 * The execution id of a workflow's run for one logical date: `{workflow}-{YYYY-MM-DD}`, and
 * `{workflow}-{YYYY-MM-DD}-r{n}` for the n-th run of that date started again (`--rerun all`).
 * Backfill and the scheduler both use it, so however often and from however many processes
 * a date is started, one id is taken once: locally by the index's reservation, on AWS by
 * Standard's name uniqueness (and the Express marker).
 */
export function datedExecutionId(workflow: string, logicalDate: string, run = 1): ExecutionId {
  const id = run === 1 ? `${workflow}-${logicalDate}` : `${workflow}-${logicalDate}-r${run}`;
  return parseExecutionId(id);
}

/**
 * The logical date of a run the schedule fired at `scheduledTime`: the day before, in the
 * schedule's zone, as the deployed schedule's runs resolve it (`resolveLogicalDate` in core),
 * so the 02:00 run of the 12th processes the 11th.
 */
export function logicalDateOf(scheduledTime: Date, timeZone: string): string {
  const iso = scheduledTime.toISOString();
  return resolveLogicalDate({ scheduledTime: iso, scheduleTimeZone: timeZone }, iso);
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The most days one backfill covers. */
export const MAX_BACKFILL_DAYS = 366;

/**
 * Every date from `from` to `to`, both included. Refuses (exit 2, naming the flag and value)
 * a date that is not a calendar date, `--from` after `--to`, and more than 366 days.
 */
export function dateRange(from: string, to: string): string[] {
  for (const [flag, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!isLogicalDate(value)) {
      throw new RunnerUsageError(
        `${flag} ${JSON.stringify(value)} must be a calendar date written YYYY-MM-DD`,
      );
    }
  }
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (end < start) {
    throw new RunnerUsageError(
      `--from ${from} is after --to ${to}; the range must not be inverted`,
    );
  }
  const days = (end - start) / DAY_MS + 1;
  if (days > MAX_BACKFILL_DAYS) {
    throw new RunnerUsageError(
      `--from ${from} --to ${to} covers ${days} days; one backfill covers at most ${MAX_BACKFILL_DAYS}`,
    );
  }
  return Array.from({ length: days }, (_, i) =>
    new Date(start + i * DAY_MS).toISOString().slice(0, 10),
  );
}
