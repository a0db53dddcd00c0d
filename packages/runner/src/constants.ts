/** The bucket the local target keeps its data in, on the embedded S3 server or `--s3-endpoint`. */
export const LOCAL_DATA_BUCKET = 'ceap-local-data';

/** The folder, under the repository root, that holds local state. `CEAP_HOME` overrides it. */
export const CEAP_HOME_DIR = '.ceap';

/** Where an execution can run. */
export const Target = {
  Local: 'local',
  Aws: 'aws',
} as const;
/** One of {@link Target}'s values: `local` or `aws`. */
export type Target = (typeof Target)[keyof typeof Target];

/** Execution statuses, as Step Functions names them. */
export const ExecutionStatus = {
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  TimedOut: 'TIMED_OUT',
  Aborted: 'ABORTED',
} as const;
/** One of {@link ExecutionStatus}'s values. */
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/**
 * A step's status in the progress table. SKIPPED and UPSTREAM_FAILED are final and are not
 * failures: a branch did not follow the step (or a sensor gave up softly), or a step it needs
 * failed, so it never ran.
 */
export const StageStatus = {
  Pending: 'PENDING',
  Running: 'RUNNING',
  Retrying: 'RETRYING',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  /** The execution was stopped (or its process killed) while the step ran. */
  Aborted: 'ABORTED',
  Skipped: 'SKIPPED',
  UpstreamFailed: 'UPSTREAM_FAILED',
} as const;
/** One of {@link StageStatus}'s values. */
export type StageStatus = (typeof StageStatus)[keyof typeof StageStatus];

/** The cause a stopped execution records when no reason was given (also on Ctrl-C). */
export const DEFAULT_STOP_REASON = 'stopped by the user';

/**
 * The most Step Functions carries in an execution input, a state's input or output, a task's
 * result or a Map iteration's input: 256 KiB of JSON as UTF-8. @ceap/stages' ETL checks inline
 * records against the same figure (`MAX_STATE_PAYLOAD_BYTES`); a test keeps the two equal.
 */
export const MAX_PAYLOAD_BYTES = 262_144;

/** The CLI's exit codes. */
export const ExitCode = {
  Succeeded: 0,
  ExecutionFailed: 1,
  Usage: 2,
} as const;

/** True for a status a step keeps once it has it. */
export function isFinalStageStatus(status: StageStatus): boolean {
  return (
    status === StageStatus.Succeeded ||
    status === StageStatus.Failed ||
    status === StageStatus.Aborted ||
    status === StageStatus.Skipped ||
    status === StageStatus.UpstreamFailed
  );
}

/**
 * The local Glue step's retry wait, in milliseconds. On AWS the step waits 5 then 10 minutes
 * between attempts (a Glue cluster needs time to free up); a local Python run does not.
 */
export const LOCAL_GLUE_RETRY_INTERVAL_MS = 5_000;

/**
 * The CLI's hidden command that runs a detached start: `ceap __run <executionId>`. The local
 * target spawns it; the CLI defines it.
 */
export const RUN_WORKER_COMMAND = '__run';
