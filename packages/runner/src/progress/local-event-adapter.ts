import { ExecutionStatus } from '../constants.js';
import { describeCause } from './failure-cause.js';
import { type EndStatus, type StepEvent, StepEventKind } from './step-events.js';

/** The slice of an aws-local-stepfunctions event log entry that progress needs. */
export interface StateEvent {
  readonly type: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly state?: {
    readonly name: string;
    /** `Task`, `Pass`, … */
    readonly type?: string;
    /** On StateExited: the state's output, after ResultPath and OutputPath. */
    readonly output?: unknown;
  };
  readonly Error?: string;
  readonly Cause?: unknown;
  /** On ExecutionSucceeded: the execution's output. */
  readonly output?: unknown;
}

/** The engine's execution-level event types, with the terminal status each one means. */
const ENDINGS: Readonly<Record<string, { status: EndStatus; error?: string }>> = {
  ExecutionSucceeded: { status: ExecutionStatus.Succeeded },
  ExecutionFailed: { status: ExecutionStatus.Failed },
  ExecutionAborted: { status: ExecutionStatus.Aborted, error: 'States.Aborted' },
  ExecutionTimeout: { status: ExecutionStatus.TimedOut, error: 'States.Timeout' },
};

/**
 * Translates one event of the local engine (aws-local-stepfunctions' `eventLogs`) into the
 * fold's vocabulary: StateEntered, StateRetried, StateFailed and StateExited become
 * entered / retried / failed / exited, and the Execution* events the ending. Events forwarded
 * from Parallel branches and Map iterations are state events like any other; the branches' and
 * iterations' own start and end events add nothing. StateCaught adds nothing either: the
 * state that records the failure follows.
 */
export function fromLocalEvent(event: StateEvent): StepEvent | undefined {
  const at = event.timestamp;
  const ending = Object.hasOwn(ENDINGS, event.type) ? ENDINGS[event.type] : undefined;
  if (ending) {
    const error = event.Error ?? ending.error;
    const cause = describeCause(event.Cause);
    return {
      kind: StepEventKind.Ended,
      at,
      status: ending.status,
      ...(error !== undefined && { error }),
      ...(cause !== undefined && { cause }),
      ...(event.output !== undefined && { output: event.output }),
    };
  }
  const state = event.state?.name;
  if (state === undefined) return undefined;
  switch (event.type) {
    case 'StateEntered':
      return { kind: StepEventKind.Entered, state, at, stateType: event.state?.type };
    case 'StateRetried':
      return { kind: StepEventKind.Retried, state, at };
    case 'StateFailed':
      // A Fail state's failure is the execution's: the ending reports it, as on AWS.
      if (event.state?.type === 'Fail') return undefined;
      return {
        kind: StepEventKind.Failed,
        state,
        at,
        ...(event.Error !== undefined && { error: event.Error }),
        ...(event.Cause !== undefined && { cause: describeCause(event.Cause) }),
      };
    case 'StateExited':
      return { kind: StepEventKind.Exited, state, at, output: event.state?.output };
    default:
      return undefined;
  }
}
