import type { Workflow } from '@ceap/core/workflow';
import { ExecutionAbortedError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { DEFAULT_STOP_REASON, ExecutionStatus } from '../constants.js';
import { DataLimitExceededError } from '../errors.js';
import { StateRole, stateTarget } from '../progress/step-rows.js';
import type { LocalOutcome } from './local-engine.js';
import { describeCause } from './stage-tracker.js';

/**
 * Whether a failed state can be the one that failed the execution: a state of a step, not a
 * Parallel state (whose branch failed) nor a Map iteration (whose failure the Map counts).
 */
export function failsAStep(state: string | undefined): boolean {
  const target = state === undefined ? undefined : stateTarget(state);
  return target !== undefined && target.role !== StateRole.Iteration;
}

/** How an execution that did not succeed ended: aborted, timed out, or failed with a cause. */
export function failedOutcome(error: unknown, workflow: Workflow, stoppedAt: string): LocalOutcome {
  if (error instanceof ExecutionAbortedError) {
    return {
      status: ExecutionStatus.Aborted,
      error: 'States.Aborted',
      cause: DEFAULT_STOP_REASON,
      stoppedAt,
    };
  }
  if (error instanceof ExecutionTimeoutError) {
    return {
      status: ExecutionStatus.TimedOut,
      error: 'States.Timeout',
      cause: `the execution ran longer than ${workflow.timeoutSeconds} s`,
      stoppedAt,
    };
  }
  const inner = (error as { cause?: unknown }).cause;
  const failed = inner instanceof Error ? inner : (error as Error);
  if (failed instanceof DataLimitExceededError) {
    // A pass state of the compiler's own (`@start`, `@output`) is no step: it names no row.
    const state = failsAStep(failed.state) ? { failedState: failed.state } : {};
    return {
      status: ExecutionStatus.Failed,
      error: failed.name,
      cause: failed.message,
      stoppedAt,
      ...state,
    };
  }
  return {
    status: ExecutionStatus.Failed,
    error: failed.name,
    cause: describeCause((failed as { cause?: unknown }).cause) ?? failed.message,
    stoppedAt,
  };
}
