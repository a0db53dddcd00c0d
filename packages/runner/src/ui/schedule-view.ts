import type { Workflow } from '@ceap/core/workflow';
import type { UiSchedule } from './ui-api-types.js';

/**
 * The extension point for schedules: what the Workflows page shows of a workflow's schedule.
 * A scheduler that knows whether a schedule is paused and when it next fires (the local
 * scheduler, EventBridge Scheduler) provides its own; until then {@link modelSchedule} shows
 * the expression and time zone from the workflow model, in state `unknown`.
 */
export type ScheduleSource = (workflow: Workflow) => Promise<UiSchedule | null>;

/** The schedule as the workflow model declares it; its state and next run are not known. */
export const modelSchedule: ScheduleSource = async (workflow) =>
  workflow.schedule
    ? {
        expression: workflow.schedule.expression,
        timeZone: workflow.schedule.timeZone,
        state: 'unknown',
      }
    : null;
