import { ExecutionStatus } from '../constants.js';
import type { ExecutionAttempt, ExecutionDescription } from '../execution-types.js';

/**
 * The attempts of an execution, the one in progress or just ended included: a record keeps its
 * last attempt open while it runs, and this closes it with the record's outcome once it ended.
 */
export function attemptsOf(description: ExecutionDescription): ExecutionAttempt[] {
  const recorded = description.attempts ?? [
    { attempt: 1, startedAt: description.startedAt, status: ExecutionStatus.Running },
  ];
  const last = recorded.at(-1) as ExecutionAttempt;
  if (description.status === ExecutionStatus.Running || last.stoppedAt !== undefined) {
    return [...recorded];
  }
  return [
    ...recorded.slice(0, -1),
    {
      attempt: last.attempt,
      startedAt: last.startedAt,
      status: description.status,
      ...(description.stoppedAt !== undefined && { stoppedAt: description.stoppedAt }),
      ...(description.error !== undefined && { error: description.error }),
      ...(description.cause !== undefined && { cause: description.cause }),
      ...(description.failedState !== undefined && { failedState: description.failedState }),
    },
  ];
}
