/** Which local executions {@link RunnerClient.clean} deletes. */
export interface CleanRequest {
  /** Delete executions started more than this many milliseconds ago. */
  readonly olderThanMs?: number;
  /** Delete every execution beyond the newest `keep`. */
  readonly keep?: number;
  /** Report what would be freed, and delete nothing. @default false */
  readonly dryRun?: boolean;
  /** The time ages are measured from. @default now */
  readonly now?: Date;
}

/** What a clean freed (or, with `dryRun`, would free). */
export interface CleanReport {
  readonly dryRun: boolean;
  /** The ids of the executions deleted, newest first. */
  readonly executions: readonly string[];
  /** S3 objects under `executions/{id}/` deleted. */
  readonly objects: number;
  /**
   * Copies of execution inputs under `.ceap/inputs/` deleted: those of the executions deleted,
   * and any left without an execution. They may hold personal data, so none outlives its run.
   */
  readonly inputs: number;
  /** Bytes freed: the S3 objects, the inputs, the logs, the index records and their spares. */
  readonly bytes: number;
  /** Executions that matched but were left alone because they are still running. */
  readonly skippedRunning: readonly string[];
}
