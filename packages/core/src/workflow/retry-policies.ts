import { LAMBDA_TRANSIENT_ERRORS, StageErrorName } from '../errors.js';
import type { RetryPolicy } from './workflow-model.js';

/** A Lambda stage retries Lambda service errors and its own retryable failures, with backoff. */
export const LAMBDA_STAGE_RETRY: RetryPolicy = {
  errors: [...LAMBDA_TRANSIENT_ERRORS, StageErrorName.Retryable],
  intervalSeconds: 2,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: 30,
  jitter: 'FULL',
};

/**
 * A Lambda stage whose task timed out is run once more. That is safe for a stage: its outputs
 * are keyed by execution and step (or by run key), so a second attempt replaces what the first
 * wrote, and its function's timeout is the step's, so the first attempt has ended. It is not
 * safe for a Glue step, whose timed-out job run may still be running.
 */
export const LAMBDA_TIMEOUT_RETRY: RetryPolicy = {
  errors: ['States.Timeout'],
  intervalSeconds: 2,
  maxAttempts: 1,
  backoffRate: 2,
};

/** The Retry rules of a Lambda stage step (and of a Map iteration) unless it sets its own. */
export const LAMBDA_STAGE_RETRIES: readonly RetryPolicy[] = [
  LAMBDA_STAGE_RETRY,
  LAMBDA_TIMEOUT_RETRY,
];

/**
 * A Glue step retries twice, 5 minutes then 10: a failed job run surfaces as
 * `States.TaskFailed`, and concurrency limits as Glue's own exceptions.
 */
export const GLUE_STEP_RETRY: RetryPolicy = {
  errors: [
    'States.TaskFailed',
    'Glue.ConcurrentRunsExceededException',
    'Glue.InternalServiceException',
    'Glue.ThrottlingException',
    StageErrorName.Retryable,
  ],
  intervalSeconds: 300,
  maxAttempts: 2,
  backoffRate: 2,
};

/** An S3 read through the AWS SDK integration (a sensor's poke, a Map's listing). */
export const S3_READ_RETRY: RetryPolicy = {
  errors: ['States.TaskFailed'],
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
  jitter: 'FULL',
};
