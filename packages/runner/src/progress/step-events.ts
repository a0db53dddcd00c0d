import type { StageResult } from '@ceap/core';
import type { ExecutionStatus } from '../constants.js';

/**
 * The kinds of {@link StepEvent}: the one vocabulary that every source of execution events
 * (the local engine's event log, the AWS execution history) is translated into.
 */
export const StepEventKind = {
  /** A state was entered. */
  Entered: 'entered',
  /** A task state starts another attempt after a failure. */
  Retried: 'retried',
  /** An attempt failed; a retry, a catch or the end of the execution follows. */
  Failed: 'failed',
  /** A state exited, with the output Step Functions computed for it. */
  Exited: 'exited',
  /** A step's own StageResult became known (from the task itself, or from the run manifest). */
  ResultKnown: 'result',
  /** The execution ended. */
  Ended: 'ended',
} as const;
/** One of the {@link StepEventKind} values. */
export type StepEventKind = (typeof StepEventKind)[keyof typeof StepEventKind];

/** How an execution ended: any {@link ExecutionStatus} but RUNNING. */
export type EndStatus = Exclude<ExecutionStatus, typeof ExecutionStatus.Running>;

/** One normalized execution event. `at` is milliseconds since the epoch; `state` a state name. */
export type StepEvent =
  | {
      readonly kind: typeof StepEventKind.Entered;
      readonly state: string;
      readonly at: number;
      /** `Fail` for a Fail state: its failure is the execution's, which its ending reports. */
      readonly stateType?: string;
    }
  | { readonly kind: typeof StepEventKind.Retried; readonly state: string; readonly at: number }
  | {
      readonly kind: typeof StepEventKind.Failed;
      readonly state: string;
      readonly at: number;
      readonly error?: string;
      readonly cause?: string;
    }
  | {
      readonly kind: typeof StepEventKind.Exited;
      readonly state: string;
      readonly at: number;
      /** The state's output, parsed; undefined when the source did not include it. */
      readonly output?: unknown;
    }
  | {
      readonly kind: typeof StepEventKind.ResultKnown;
      /** The step's name. */
      readonly step: string;
      readonly result: StageResult;
    }
  | {
      readonly kind: typeof StepEventKind.Ended;
      readonly at: number;
      readonly status: EndStatus;
      readonly error?: string;
      readonly cause?: string;
      /** A successful execution's output: each step's entry, by step name. */
      readonly output?: unknown;
    };

/** How an execution ended, once its terminal event was folded. */
export interface ExecutionEnding {
  readonly status: EndStatus;
  readonly error?: string;
  readonly cause?: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}
