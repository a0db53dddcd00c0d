import { GLUE_STEP_RETRY, type RetryPolicy } from '@ceap/core/workflow';
import {
  GLUE_STEP_TIMEOUT_MARGIN_SECONDS,
  glueStepTimeoutSeconds,
  HEAVY_ETL_STEP_TIMEOUT_SECONDS,
  HEAVY_ETL_TIMEOUT_MINUTES,
  heavyEtlJobSpec,
} from '../../src/index.js';

/**
 * The shipped batch workflow's timeoutSeconds (`batchWorkflow` in @ceap/stages, which this
 * package may not import): the budget every retry of the Glue step must fit in.
 */
const BATCH_WORKFLOW_TIMEOUT_SECONDS = 6 * 60 * 60;
/** What the Glue step must leave of it for ETL, Filter, Score, Store and Reactive. */
const REST_OF_THE_BATCH_SECONDS = 60 * 60;

/**
 * The longest a step can take under one retry rule: every attempt runs to its timeout, and
 * each wait before a retry is the interval times the backoff rate per earlier retry (capped by
 * maxDelaySeconds), as Step Functions waits.
 */
function worstCaseSeconds(stepTimeoutSeconds: number, retry: RetryPolicy): number {
  let waits = 0;
  for (let retryIndex = 0; retryIndex < retry.maxAttempts; retryIndex++) {
    const wait = retry.intervalSeconds * retry.backoffRate ** retryIndex;
    waits += Math.min(wait, retry.maxDelaySeconds ?? Number.POSITIVE_INFINITY);
  }
  return (1 + retry.maxAttempts) * stepTimeoutSeconds + waits;
}

describe('the heavy-ETL job’s timeouts and the batch workflow’s', () => {
  it('gives the job 90 minutes and its step 5 minutes more, so Glue ends a slow run first', () => {
    // Act
    const spec = heavyEtlJobSpec();

    // Assert
    expect(spec.timeoutMinutes).toBe(HEAVY_ETL_TIMEOUT_MINUTES);
    expect(HEAVY_ETL_TIMEOUT_MINUTES).toBe(90);
    expect(HEAVY_ETL_STEP_TIMEOUT_SECONDS).toBe(5_700);
    expect(HEAVY_ETL_STEP_TIMEOUT_SECONDS - (spec.timeoutMinutes ?? 0) * 60).toBe(
      GLUE_STEP_TIMEOUT_MARGIN_SECONDS,
    );
  });

  it('fits three attempts and their backoffs in the workflow, with an hour left', () => {
    // Act
    const worstCase = worstCaseSeconds(HEAVY_ETL_STEP_TIMEOUT_SECONDS, GLUE_STEP_RETRY);

    // Assert
    expect(worstCase).toBe(3 * 5_700 + 300 + 600);
    expect(worstCase).toBeLessThanOrEqual(
      BATCH_WORKFLOW_TIMEOUT_SECONDS - REST_OF_THE_BATCH_SECONDS,
    );
  });

  it('shows why 120 minutes did not fit: 3 × 7,200 + 300 + 600 s is more than 21,600 s', () => {
    // Act
    const worstCase = worstCaseSeconds(120 * 60, GLUE_STEP_RETRY);

    // Assert
    expect(worstCase).toBe(22_500);
    expect(worstCase).toBeGreaterThan(BATCH_WORKFLOW_TIMEOUT_SECONDS);
  });

  it.each([
    [60, 3_900],
    [90, 5_700],
    [2_880, 173_100],
  ])('times a step for a %i-minute job out at %i s', (minutes, seconds) => {
    // Act / Assert
    expect(glueStepTimeoutSeconds(minutes)).toBe(seconds);
  });
});
