import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ExecutionStatus } from '../constants.js';
import { describeCause } from './failure-cause.js';
import { parseJson } from './json-text.js';
import { type EndStatus, type StepEvent, StepEventKind } from './step-events.js';

interface ErrorDetails {
  readonly error?: string;
  readonly cause?: string;
}

/** Events that schedule a task attempt: the second and later ones within a state are retries. */
const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);

/** Events that end a task attempt in failure, with where each keeps its Error and Cause. */
const ATTEMPT_FAILURES: Readonly<
  Record<string, (event: HistoryEvent) => ErrorDetails | undefined>
> = {
  TaskFailed: (event) => event.taskFailedEventDetails,
  TaskTimedOut: (event) => event.taskTimedOutEventDetails,
  TaskStartFailed: (event) => event.taskStartFailedEventDetails,
  TaskSubmitFailed: (event) => event.taskSubmitFailedEventDetails,
  LambdaFunctionFailed: (event) => event.lambdaFunctionFailedEventDetails,
  LambdaFunctionTimedOut: (event) => event.lambdaFunctionTimedOutEventDetails,
  LambdaFunctionStartFailed: (event) => event.lambdaFunctionStartFailedEventDetails,
  ActivityFailed: (event) => event.activityFailedEventDetails,
  ActivityTimedOut: (event) => event.activityTimedOutEventDetails,
};

/** Terminal execution events: the status each means and where it keeps its Error and Cause. */
const ENDINGS: Readonly<
  Record<
    string,
    { status: EndStatus; error?: string; details: (e: HistoryEvent) => ErrorDetails | undefined }
  >
> = {
  ExecutionSucceeded: { status: ExecutionStatus.Succeeded, details: () => undefined },
  ExecutionFailed: {
    status: ExecutionStatus.Failed,
    details: (e) => e.executionFailedEventDetails,
  },
  ExecutionTimedOut: {
    status: ExecutionStatus.TimedOut,
    error: 'States.Timeout',
    details: (e) => e.executionTimedOutEventDetails,
  },
  ExecutionAborted: {
    status: ExecutionStatus.Aborted,
    error: 'States.Aborted',
    details: (e) => e.executionAbortedEventDetails,
  },
};

/**
 * Translates a Step Functions execution history (GetExecutionHistory's `HistoryEvent`s, any
 * order) into the fold's vocabulary. `*StateEntered` / `*StateExited` carry the state's name
 * and its input / output; the task events between them do not, so they belong to the state
 * entered last. Each TaskScheduled after the first within a state is a retry.
 */
export function fromHistory(events: readonly HistoryEvent[], now: number): StepEvent[] {
  const steps: StepEvent[] = [];
  let current: string | undefined;
  let attempts = 0;
  for (const event of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    const type = event.type ?? '';
    const at = event.timestamp ? new Date(event.timestamp).getTime() : now;
    const entered = event.stateEnteredEventDetails?.name;
    const exited = event.stateExitedEventDetails;
    const failure = Object.hasOwn(ATTEMPT_FAILURES, type) ? ATTEMPT_FAILURES[type] : undefined;
    const ending = Object.hasOwn(ENDINGS, type) ? ENDINGS[type] : undefined;
    if (entered !== undefined) {
      current = entered;
      attempts = 0;
      steps.push({ kind: StepEventKind.Entered, state: entered, at });
    } else if (exited?.name !== undefined) {
      steps.push({
        kind: StepEventKind.Exited,
        state: exited.name,
        at,
        output: parseJson(exited.output),
      });
    } else if (SCHEDULED.has(type) && current !== undefined) {
      attempts++;
      if (attempts > 1) steps.push({ kind: StepEventKind.Retried, state: current, at });
    } else if (failure && current !== undefined) {
      steps.push({
        kind: StepEventKind.Failed,
        state: current,
        at,
        ...errorFields(failure(event)),
      });
    } else if (ending) {
      const details = ending.details(event);
      steps.push({
        kind: StepEventKind.Ended,
        at,
        status: ending.status,
        ...errorFields({ error: details?.error ?? ending.error, cause: details?.cause }),
      });
    }
  }
  return steps;
}

function errorFields(details: ErrorDetails | undefined): ErrorDetails {
  const cause = describeCause(details?.cause);
  return {
    ...(details?.error !== undefined && { error: details.error }),
    ...(cause !== undefined && { cause }),
  };
}
