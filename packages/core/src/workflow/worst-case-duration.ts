import type { RetryPolicy } from './workflow-model.js';

/** How long a task can take with every attempt its Retry rules allow, and why. */
export interface WorstCase {
  readonly attempts: number;
  readonly timeoutSeconds: number;
  readonly backoffSeconds: number;
  readonly totalSeconds: number;
}

/**
 * A task's longest run: each attempt times out, and each Retry rule is spent in turn (every
 * rule keeps its own count, so they add up), with the full backoff between attempts.
 */
export function worstCase(timeoutSeconds: number, rules: readonly RetryPolicy[]): WorstCase {
  let attempts = 1;
  let backoffSeconds = 0;
  for (const rule of rules) {
    for (let retry = 0; retry < rule.maxAttempts; retry++) {
      const delay = rule.intervalSeconds * rule.backoffRate ** retry;
      backoffSeconds += Math.min(delay, rule.maxDelaySeconds ?? Number.POSITIVE_INFINITY);
      attempts++;
    }
  }
  backoffSeconds = Math.ceil(backoffSeconds);
  return {
    attempts,
    timeoutSeconds,
    backoffSeconds,
    totalSeconds: attempts * timeoutSeconds + backoffSeconds,
  };
}
