import type { StageResult } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { ExecutionStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import { fromLocalEvent, type StateEvent } from '../progress/local-event-adapter.js';
import { StepEventKind } from '../progress/step-events.js';
import { StepFold } from '../progress/step-fold.js';

export { describeCause } from '../progress/failure-cause.js';
export type { StateEvent } from '../progress/local-event-adapter.js';

/**
 * The local target's progress: the engine's live event log, translated by the local adapter
 * and folded by {@link StepFold}, the same fold the AWS target runs over execution history.
 * The stage results the tasks return live give each row its counts, as the run manifest does
 * on AWS.
 */
export class StageTracker {
  private readonly fold: StepFold;

  constructor(workflow: Workflow) {
    this.fold = new StepFold(workflow);
  }

  /** Applies one engine event; returns true when a row changed. */
  apply(event: StateEvent): boolean {
    const step = fromLocalEvent(event);
    return step ? this.fold.apply(step) : false;
  }

  /** Records what a stage task returned (counts and output pointer). */
  recordResult(stageName: string, result: StageResult): void {
    this.fold.apply({ kind: StepEventKind.ResultKnown, step: stageName, result });
  }

  /**
   * At the end of the execution: a row still running or retrying has failed (or, on success,
   * finished). A no-op when the engine's own terminal event was already applied.
   */
  finish(failed: boolean, at: number = Date.now()): void {
    const status = failed ? ExecutionStatus.Failed : ExecutionStatus.Succeeded;
    this.fold.apply({ kind: StepEventKind.Ended, at, status });
  }

  /** The rows, in execution order. */
  summaries(now: number = Date.now()): StageSummary[] {
    return this.fold.summaries(now);
  }
}
