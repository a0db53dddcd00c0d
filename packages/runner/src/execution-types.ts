import type { JsonRecord } from '@ceap/core';
import type { ExecutionStatus, StageStatus, Target } from './constants.js';

/**
 * One step of an execution, as the progress table and `--json` show it: a stage, a Glue job,
 * a Map, a branch, a wait or a sensor.
 */
export interface StageSummary {
  /** The step's name. */
  readonly name: string;
  readonly status: StageStatus;
  /** ISO-8601, when the stage was first entered. */
  readonly startedAt?: string;
  /** From the first entry to the final exit, retries included. */
  readonly durationMs?: number;
  /** Records that came in (read plus lines that were not records). */
  readonly received?: number;
  /** Records written to the output. */
  readonly records?: number;
  readonly rejected?: number;
  readonly filtered?: number;
  /** Times Step Functions retried the state. */
  readonly retries: number;
  /** A Map step's iterations (one per part file it mapped over), once it has ended. */
  readonly iterations?: number;
  /** Of those, the iterations that failed; the step still succeeds within its tolerance. */
  readonly failedIterations?: number;
  /** `s3://bucket/key` of the step's output. */
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** What `start --json` and `status --json` print, and what `describe()` returns. */
export interface ExecutionDescription {
  readonly executionId: string;
  readonly workflow: string;
  readonly target: Target;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  /** The run's logical date, when the input carries one. */
  readonly logicalDate?: string;
  readonly error?: string;
  readonly cause?: string;
  /** The state that failed the execution. */
  readonly failedState?: string;
  /** One row per workflow step, in the workflow's order. */
  readonly stages: readonly StageSummary[];
  /** `s3://…` of the last step, in workflow order, that succeeded with an output. */
  readonly output?: string;
  /** The Step Functions execution ARN (a local one on the local target). */
  readonly executionArn?: string;
  /** Where the stages' logs went (local target). */
  readonly logFile?: string;
  /** Times the execution was redriven (absent: never). */
  readonly redriveCount?: number;
  /** ISO-8601, when the latest redrive started. */
  readonly redriveDate?: string;
  /** Each run of the execution, the first and every redrive, oldest first (local target). */
  readonly attempts?: readonly ExecutionAttempt[];
}

/** One run of an execution: its first run, or one redrive. */
export interface ExecutionAttempt {
  /** 1 for the first run, 2 for the first redrive, … */
  readonly attempt: number;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  readonly status: ExecutionStatus;
  readonly error?: string;
  readonly cause?: string;
  readonly failedState?: string;
}

/** Options of a redrive. */
export interface RedriveRequest {
  /** Called with the execution's state each time a stage changes. */
  readonly onProgress?: (description: ExecutionDescription) => void;
  /**
   * Return once the redrive is under way and let it run on without this process: locally in a
   * detached worker, as `start({ detach: true })` does; on AWS, where it runs anyway.
   * @default false
   */
  readonly detach?: boolean;
}

/** Which executions `list()` returns. */
export interface ExecutionFilter {
  readonly workflow?: string;
  readonly status?: ExecutionStatus;
  /** @default 100 */
  readonly limit?: number;
}

/** What to start. */
export interface StartRequest {
  /** The workflow's name, e.g. `realtime`, `batch` or `guarded-batch`. */
  readonly workflow: string;
  /**
   * The execution input: an object (its `logicalDate` is set), or an array of messages as an
   * EventBridge Pipe delivers them (passed as it is). Inline `records` over 64 KiB go by
   * reference: they are written to the data bucket and the execution gets `{ source: { key } }`.
   * @default the shipped sample for the workflow (local target)
   */
  readonly input?: JsonRecord | readonly unknown[];
  /** @default `{workflow}-{YYYYMMDDTHHMMSSZ}-{random}` */
  readonly executionId?: string;
  /** `YYYY-MM-DD`, merged into the input. @default yesterday (UTC) for batch, today for realtime */
  readonly logicalDate?: string;
  /** Called with the execution's state each time a stage changes (not with `detach`). */
  readonly onProgress?: (description: ExecutionDescription) => void;
  /**
   * Return once the execution is under way and let it run on without this process. Locally
   * the id is reserved and the logical date and input decided here, then a detached worker
   * process runs it; on AWS the execution runs there anyway. Follow it with
   * `getHandle(executionId)`.
   * @default false
   */
  readonly detach?: boolean;
}

/** A started execution, or one found again with `getHandle(executionId)`. */
export interface ExecutionHandle {
  readonly executionId: string;
  readonly workflow: string;
  /** Waits for the end; throws {@link ExecutionFailedError} when the execution did not succeed. */
  result(): Promise<ExecutionDescription>;
  /** The execution's current state. */
  describe(): Promise<ExecutionDescription>;
  /**
   * Stops the execution: it ends ABORTED with `reason` as its cause, and so does the step it
   * was running. Does nothing once it has ended. On the local target a process on another host
   * cannot reach the run's process: there this throws RunnerUsageError.
   */
  stop(reason?: string): Promise<void>;
}
