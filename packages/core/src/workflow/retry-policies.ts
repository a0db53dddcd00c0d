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
