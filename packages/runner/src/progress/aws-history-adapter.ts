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
 * and its input / output; the task events between them do not, so each belongs to the state
 * its `previousEventId` chain leads back to. That holds when Parallel branches and Map
 * iterations interleave their events. Each TaskScheduled after the first within one entry of a
 * state is a retry.
 */
export function fromHistory(events: readonly HistoryEvent[], now: number): StepEvent[] {
  const steps: StepEvent[] = [];
  const chains = new StateChains();
  for (const event of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    const type = event.type ?? '';
    const at = event.timestamp ? new Date(event.timestamp).getTime() : now;
    const entered = event.stateEnteredEventDetails?.name;
    const exited = event.stateExitedEventDetails;
    const state = chains.follow(event);
    const failure = Object.hasOwn(ATTEMPT_FAILURES, type) ? ATTEMPT_FAILURES[type] : undefined;
    const ending = Object.hasOwn(ENDINGS, type) ? ENDINGS[type] : undefined;
    if (entered !== undefined) {
      const stateType = type.slice(0, -'StateEntered'.length);
      steps.push({ kind: StepEventKind.Entered, state: entered, at, stateType });
    } else if (exited?.name !== undefined) {
      const output = parseJson(exited.output);
      steps.push({ kind: StepEventKind.Exited, state: exited.name, at, output });
    } else if (SCHEDULED.has(type) && state !== undefined) {
      if (chains.attempt(event) > 1) steps.push({ kind: StepEventKind.Retried, state, at });
    } else if (failure && state !== undefined) {
      const details = errorFields(failure(event));
      steps.push({ kind: StepEventKind.Failed, state, at, ...details });
    } else if (ending) {
      const details = ending.details(event);
      const fields = errorFields({ error: details?.error ?? ending.error, cause: details?.cause });
      const output = parseJson(event.executionSucceededEventDetails?.output);
      steps.push({
        kind: StepEventKind.Ended,
        at,
        status: ending.status,
        ...fields,
        ...(output !== undefined && { output }),
      });
    }
  }
  return steps;
}

/**
 * Which entry of a state each event belongs to: a `*StateEntered` event starts an entry, and
 * every other event belongs to the entry of the event its `previousEventId` names.
 */
class StateChains {
  /** Event id → the id of the StateEntered event of its entry. */
  private readonly entryOf = new Map<number, number>();
  private readonly names = new Map<number, string>();
  private readonly attempts = new Map<number, number>();

  /** Records the event; returns the name of the state it belongs to, if any. */
  follow(event: HistoryEvent): string | undefined {
    const id = event.id ?? 0;
    const entered = event.stateEnteredEventDetails?.name;
    if (entered !== undefined) {
      this.entryOf.set(id, id);
      this.names.set(id, entered);
      return entered;
    }
    const entry = this.entryOf.get(event.previousEventId ?? -1);
    if (entry === undefined) return undefined;
    this.entryOf.set(id, entry);
    return this.names.get(entry);
  }

  /** Counts a scheduled attempt within the event's entry; returns the attempt's number. */
  attempt(event: HistoryEvent): number {
    const entry = this.entryOf.get(event.id ?? 0) ?? -1;
    const attempt = (this.attempts.get(entry) ?? 0) + 1;
    this.attempts.set(entry, attempt);
    return attempt;
  }
}

function errorFields(details: ErrorDetails | undefined): ErrorDetails {
  const cause = describeCause(details?.cause);
  return {
    ...(details?.error !== undefined && { error: details.error }),
    ...(cause !== undefined && { cause }),
  };
}
