import type { RunnerClient } from '../client/runner-client.js';
import { datedExecutionId, logicalDateOf } from '../schedule/dated-runs.js';
import { scheduleTimes } from '../schedule/schedule-expression.js';
import type { StoredSchedule } from '../schedule/schedule-types.js';
import type { SchedulerRun } from './scheduler-types.js';

/** How many of a workflow's latest runs are read to find the latest logical date it ran. */
const HISTORY_LIMIT = 100;

/**
 * The runs of a schedule due at `now`: of its last `catchupLimit` fire times, one per logical
 * date, those after the latest date the workflow has run (from the index, or the AWS history:
 * the same `list`). A workflow that has never run starts with its latest due date only, as a
 * newly deployed schedule does; earlier dates are `backfill`'s.
 */
export async function dueRuns(
  client: RunnerClient,
  workflow: string,
  schedule: StoredSchedule,
  now: Date,
  catchupLimit: number,
): Promise<SchedulerRun[]> {
  const fired = scheduleTimes(schedule).previous(catchupLimit, now).reverse();
  const byDate = new Map<string, SchedulerRun>();
  for (const time of fired) {
    const logicalDate = logicalDateOf(time, schedule.timeZone);
    if (byDate.has(logicalDate)) continue;
    byDate.set(logicalDate, {
      workflow,
      executionId: datedExecutionId(workflow, logicalDate),
      logicalDate,
      scheduledTime: time.toISOString(),
    });
  }
  const candidates = [...byDate.values()];
  const last = await latestLogicalDate(client, workflow);
  if (last === undefined) return candidates.slice(-1);
  return candidates.filter((run) => run.logicalDate > last);
}

async function latestLogicalDate(
  client: RunnerClient,
  workflow: string,
): Promise<string | undefined> {
  const runs = await client.list({ workflow, limit: HISTORY_LIMIT });
  const dates = runs.flatMap((run) => (run.logicalDate ? [run.logicalDate] : []));
  return dates.sort().at(-1);
}
