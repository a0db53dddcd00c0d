/**
 * How long the heavy-ETL job may run, so that every retry of it fits inside the batch
 * workflow's timeout.
 *
 * Step Functions runs the Glue step up to 3 times (core's `GLUE_STEP_RETRY`: 2 retries, 5 and
 * then 10 minutes apart) and the batch workflow has 6 hours (21,600 s). With a 120-minute
 * step the worst case was 3 × 7,200 + 300 + 600 = 22,500 s, so a third attempt could never
 * finish and the execution ended in a workflow timeout instead of the job's own error.
 * With the job at 90 minutes and the step at 95: 3 × 5,700 + 300 + 600 = 18,000 s (5 hours),
 * which leaves an hour of the 6 for ETL, Filter, Score, Store and Reactive.
 */

/** The heavy-ETL job's own timeout (Glue's `Timeout`), in minutes. */
export const HEAVY_ETL_TIMEOUT_MINUTES = 90;

/**
 * What a Glue step's `TimeoutSeconds` adds to its job's timeout: time for Glue to stop the
 * run and for `startJobRun.sync` to see it end. Glue then ends a slow run itself, as TIMEOUT,
 * which Step Functions reports as `States.TaskFailed` and `GLUE_STEP_RETRY` retries; a step
 * that gave up first would end in `States.Timeout`, which it does not retry, and leave the
 * job running.
 */
export const GLUE_STEP_TIMEOUT_MARGIN_SECONDS = 5 * 60;

/**
 * The `TimeoutSeconds` for a workflow step that runs a Glue job with this timeout.
 *
 * @example
 * glue('HeavyETLStage', {
 *   timeoutSeconds: glueStepTimeoutSeconds(HEAVY_ETL_TIMEOUT_MINUTES), // 5,700
 *   retry: [GLUE_STEP_RETRY],
 * });
 */
export function glueStepTimeoutSeconds(jobTimeoutMinutes: number): number {
  return jobTimeoutMinutes * 60 + GLUE_STEP_TIMEOUT_MARGIN_SECONDS;
}

/** The heavy-ETL step's `TimeoutSeconds`: 95 minutes, 5,700 s. */
export const HEAVY_ETL_STEP_TIMEOUT_SECONDS = glueStepTimeoutSeconds(HEAVY_ETL_TIMEOUT_MINUTES);
