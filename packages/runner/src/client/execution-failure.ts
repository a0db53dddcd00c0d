import { ExecutionStatus } from '../constants.js';
import { ExecutionFailedError } from '../errors.js';
import type { ExecutionDescription } from '../execution-types.js';

/** The error `result()` throws for an execution that did not succeed: its state's Error and Cause. */
export function executionFailure(description: ExecutionDescription): ExecutionFailedError {
  return new ExecutionFailedError({
    executionId: description.executionId,
    status: description.status,
    error: description.error ?? `States.${description.status}`,
    cause: description.cause ?? 'no cause was reported',
    ...(description.failedState !== undefined && { state: description.failedState }),
  });
}

/** What `result()` gives for an ended execution: its description, or its failure thrown. */
export function settledResult(description: ExecutionDescription): ExecutionDescription {
  if (description.status !== ExecutionStatus.Succeeded) throw executionFailure(description);
  return description;
}
