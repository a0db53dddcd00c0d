import type { Workflow } from '@ceap/core/workflow';
import type { RunnerClient } from '../client/runner-client.js';
import type { ScheduleReport, ScheduleState, ScheduleStore } from '../schedule/schedule-types.js';
import { Schedules } from '../schedule/schedules.js';
import type { UiSchedule } from './ui-api-types.js';

/** What the Workflows page shows of a workflow's schedule; null for a workflow without one. */
export type ScheduleSource = (workflow: Workflow) => Promise<UiSchedule | null>;

/** What the schedule routes act through: the source the page reads, and pause/resume. */
export interface UiSchedules {
  readonly view: ScheduleSource;
  /** Pauses or resumes one workflow's schedule, as `ceap schedule pause|resume` does. */
  setState(workflow: string, state: ScheduleState): Promise<UiSchedule>;
}

/**
 * The schedules as `ceap schedule show` reports them, over the same store (files under
 * CEAP_HOME, or EventBridge Scheduler): state, next run and last run. A schedule whose state
 * cannot be read (no stack deployed, no credentials) is shown from the model, in state UNKNOWN
 * with the reason, so one workflow's failure leaves the page whole.
 */
export function storeSchedules(
  client: RunnerClient,
  store: ScheduleStore,
  now: () => Date = () => new Date(),
): UiSchedules {
  const schedules = new Schedules(client, store, now);
  return {
    view: async (workflow) => {
      if (!workflow.schedule) return null;
      try {
        const [report] = await schedules.show(workflow.name);
        return report ? scheduleOf(report) : null;
      } catch (error) {
        return {
          expression: workflow.schedule.expression,
          timeZone: workflow.schedule.timeZone,
          state: 'UNKNOWN',
          lastRun: null,
          note: (error as Error).message,
        };
      }
    },
    setState: async (workflow, state) => {
      const [report] = await schedules.setState(state, workflow);
      if (!report) throw new Error(`workflow ${workflow} has no schedule`);
      return scheduleOf(report);
    },
  };
}

function scheduleOf(report: ScheduleReport): UiSchedule {
  const [next] = report.nextRuns;
  return {
    expression: report.expression,
    timeZone: report.timeZone,
    state: report.state,
    ...(report.scheduleName !== undefined && { scheduleName: report.scheduleName }),
    ...(next && {
      nextRunAt: next.scheduledTime,
      nextRunLocal: next.localTime,
      nextLogicalDate: next.logicalDate,
    }),
    lastRun: report.lastRun,
  };
}
