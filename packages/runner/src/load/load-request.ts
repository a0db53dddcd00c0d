import { RunnerUsageError } from '../errors.js';
import { LOAD_LIMITS, type LoadRequest } from './load-types.js';

/** The default number of messages (or batches) in flight. */
export const DEFAULT_LOAD_CONCURRENCY = 10;

/** Refuses a load test over the bounds (exit 2, naming the flag and the value). */
export function checkLoadRequest(request: LoadRequest): { messages: number; concurrency: number } {
  const concurrency = request.concurrency ?? DEFAULT_LOAD_CONCURRENCY;
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 1;
  if (!whole(request.messages) || request.messages > LOAD_LIMITS.messages) {
    throw new RunnerUsageError(
      `--messages ${request.messages} must be a whole number from 1 to ${LOAD_LIMITS.messages.toLocaleString('en-US')}`,
    );
  }
  if (!whole(concurrency) || concurrency > LOAD_LIMITS.concurrency) {
    throw new RunnerUsageError(
      `--concurrency ${concurrency} must be a whole number from 1 to ${LOAD_LIMITS.concurrency}`,
    );
  }
  return { messages: request.messages, concurrency };
}
