import type { ExecutionStatus, Target } from '../constants.js';

/** Whether a schedule starts runs: EventBridge Scheduler's ENABLED / DISABLED. */
export const ScheduleState = {
  Active: 'ACTIVE',
  Paused: 'PAUSED',
} as const;
/** One of {@link ScheduleState}'s values. */
export type ScheduleState = (typeof ScheduleState)[keyof typeof ScheduleState];

/** A schedule as its target keeps it: the expression, its zone and whether it is paused. */
export interface StoredSchedule {
  readonly expression: string;
  readonly timeZone: string;
  readonly state: ScheduleState;
  /** On AWS, the EventBridge Scheduler schedule's name. */
  readonly scheduleName?: string;
}

/** Where a target keeps its schedules' state: files under CEAP_HOME, or EventBridge Scheduler. */
export interface ScheduleStore {
  /** The schedule of a workflow that declares one. */
  read(
    workflow: string,
    declared: { expression: string; timeZone: string },
  ): Promise<StoredSchedule>;
  /** Pauses or resumes it; returns it as it now is. */
  setState(
    workflow: string,
    declared: { expression: string; timeZone: string },
    state: ScheduleState,
  ): Promise<StoredSchedule>;
}

/** One coming run of a schedule. */
export interface ScheduledRun {
  /** The instant, ISO-8601 UTC. */
  readonly scheduledTime: string;
  /** The same instant on the schedule zone's clock, with its offset: `2026-03-29T02:30+01:00`. */
  readonly localTime: string;
  /** The logical date the run processes: the day before, in the schedule's zone. */
  readonly logicalDate: string;
}

/** A workflow's latest run, as `list` has it. */
export interface LastRun {
  readonly executionId: string;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly logicalDate?: string;
}

/** What `schedule show` prints for one workflow. */
export interface ScheduleReport extends StoredSchedule {
  readonly workflow: string;
  readonly target: Target;
  /** Null when the workflow has not run. */
  readonly lastRun: LastRun | null;
  /** The next five run times (none while paused is still listed: they say when it would run). */
  readonly nextRuns: readonly ScheduledRun[];
}
