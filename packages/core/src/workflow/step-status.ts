/**
 * How a step ended, as the compiled state machine records it under `$.steps.{name}.status`.
 * A step that succeeded also carries its result (a stage's pointer and counts).
 */
export const StepStatus = {
  Succeeded: 'SUCCEEDED',
  /** It failed, and the failure was caught so that an `all_done` step could run. */
  Failed: 'FAILED',
  /** A branch did not follow it, a sensor gave up softly, or an upstream was skipped. */
  Skipped: 'SKIPPED',
  /** An upstream failed, so it did not run. */
  UpstreamFailed: 'UPSTREAM_FAILED',
} as const;

/** One of the {@link StepStatus} values. */
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];
