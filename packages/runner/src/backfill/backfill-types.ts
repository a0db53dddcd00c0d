import type { ExecutionStatus, Target } from '../constants.js';

/** What `--rerun` does with a date that already has a run. */
export const RerunPolicy = {
  /** Leave it: a date that ran (whatever its status) is skipped. */
  None: 'none',
  /** Redrive it when its latest run FAILED, TIMED_OUT or was ABORTED; skip it otherwise. */
  Failed: 'failed',
  /** Start it again under the next free id, `{workflow}-{date}-r{n}`. */
  All: 'all',
} as const;
/** One of {@link RerunPolicy}'s values. */
export type RerunPolicy = (typeof RerunPolicy)[keyof typeof RerunPolicy];

/** What a backfill does for one date. */
export const BackfillAction = {
  Start: 'start',
  Redrive: 'redrive',
  Skip: 'skip',
} as const;
/** One of {@link BackfillAction}'s values. */
export type BackfillAction = (typeof BackfillAction)[keyof typeof BackfillAction];

/** What to backfill. */
export interface BackfillRequest {
  readonly workflow: string;
  /** The first logical date, `YYYY-MM-DD`. */
  readonly from: string;
  /** The last logical date, included. At most 366 days after `from`. */
  readonly to: string;
  /** Runs at once, at most. @default 1 */
  readonly maxActive?: number;
  /** @default 'none' */
  readonly rerun?: RerunPolicy;
  /** Decide what each date would do, and start nothing. @default false */
  readonly dryRun?: boolean;
  /** Called each time a date's row changes (its run started, progressed or ended). */
  readonly onUpdate?: (row: BackfillDate) => void;
  /**
   * Aborting it stops the backfill: dates not yet started stay PENDING, and the runs under way
   * are stopped (they end ABORTED; `--rerun failed` resumes them).
   */
  readonly signal?: AbortSignal;
}

/** One logical date of a backfill. */
export interface BackfillDate {
  readonly logicalDate: string;
  /** The run this backfill started or redrove, or the latest run it skipped. */
  readonly executionId: string;
  readonly action: BackfillAction;
  /** PENDING until its run starts; a skipped date shows its latest run's status. */
  readonly status: ExecutionStatus | 'PENDING';
  /** The status the date's latest run had before this backfill, when it had one. */
  readonly previousStatus?: ExecutionStatus;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** What `backfill()` returns and `backfill --json` prints. */
export interface BackfillReport {
  readonly workflow: string;
  readonly target: Target;
  readonly from: string;
  readonly to: string;
  readonly rerun: RerunPolicy;
  readonly maxActive: number;
  readonly dryRun: boolean;
  /** One per date, in date order. */
  readonly dates: readonly BackfillDate[];
  readonly started: number;
  readonly redriven: number;
  readonly skipped: number;
  readonly succeeded: number;
  /** Dates whose run ended FAILED, TIMED_OUT or ABORTED (skipped ones included). */
  readonly failed: number;
}
