import type { ExecutionStatus } from '../constants.js';

/** What the local scheduler did, as it happens. */
export type SchedulerEvent =
  /** A due run was started under its date's id. */
  | (SchedulerRun & { readonly kind: 'started' })
  /** Another scheduler (or a backfill) had already taken the date's id: nothing was started. */
  | (SchedulerRun & { readonly kind: 'taken' })
  /** A run this scheduler started ended. */
  | (SchedulerRun & {
      readonly kind: 'ended';
      readonly status: ExecutionStatus;
      readonly error?: string;
      /** True when the scheduler's own shutdown stopped it. */
      readonly stoppedByShutdown: boolean;
    })
  /** The workflow's schedule is paused: nothing of it was started. */
  | { readonly kind: 'paused'; readonly workflow: string };

/** One due run of a schedule. */
export interface SchedulerRun {
  readonly workflow: string;
  readonly executionId: string;
  readonly logicalDate: string;
  /** When the schedule fired for it (or the trigger saw its object), ISO-8601 UTC. */
  readonly scheduledTime: string;
  /** A triggered run's object: the first key of its date under the trigger's prefix. */
  readonly objectKey?: string;
}

/** Options of the local scheduler. */
export interface LocalSchedulerOptions {
  /** Of each workflow, the most missed runs started after downtime. @default 7 */
  readonly catchupLimit?: number;
  /** Of each workflow, the most runs at once (this scheduler's). @default 1 */
  readonly maxActive?: number;
  /** The clock. @default the system clock */
  readonly now?: () => Date;
  /** The longest wait between two looks at the schedules (pause, resume, the clock). @default 30 s */
  readonly pollMs?: number;
  readonly onEvent?: (event: SchedulerEvent) => void;
}

/** What `scheduler --json` prints when it ends. */
export interface SchedulerReport {
  readonly started: readonly SchedulerRun[];
  readonly taken: readonly SchedulerRun[];
  readonly ended: readonly Extract<SchedulerEvent, { kind: 'ended' }>[];
  /** Runs that failed on their own (not those the shutdown stopped). */
  readonly failed: number;
}
