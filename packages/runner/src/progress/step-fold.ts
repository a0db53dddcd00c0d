import type { Workflow } from '@ceap/core/workflow';
import { ExecutionStatus, isFinalStageStatus, StageStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import { type ExecutionEnding, type StepEvent, StepEventKind } from './step-events.js';
import {
  type Row,
  recordedEntry,
  StateRole,
  settleFromEntry,
  stateTarget,
  toSummary,
} from './step-rows.js';

export { stageResultOf } from './step-rows.js';

/**
 * The one fold of execution events into step rows, whatever their source: the local engine's
 * event log and the AWS execution history are each translated into {@link StepEvent}s by an
 * adapter, then folded here. One row per workflow step, in workflow order. Every state maps to
 * its step with core's `stepOfState` (`Score.guard`, `HeavyETLStage.output`,
 * `ScoreStage.iteration`, … all belong to their step), and Map iterations and Parallel
 * branches fold like any other state.
 *
 * A row runs from the first state of its step that is entered and ends when a state's output
 * records the step's status under `$.steps.{step}`: SUCCEEDED with its result (a stage's
 * counts) or pointer, FAILED when a Catch recorded the failure, SKIPPED or UPSTREAM_FAILED
 * when the step did not run. A failure that nothing catches ends the row with the execution.
 */
export class StepFold {
  private readonly rows: Row[];
  private readonly byName = new Map<string, Row>();
  private end?: ExecutionEnding;
  private lastFailedState?: string;
  /** The last Fail state of a step that was entered: the execution fails there. */
  private failState?: string;

  constructor(workflow: Workflow) {
    this.rows = workflow.steps.map((step) => ({
      name: step.name,
      status: StageStatus.Pending,
      retries: 0,
    }));
    for (const row of this.rows) this.byName.set(row.name, row);
  }

  /** How the execution ended, once its terminal event was folded. */
  get ending(): ExecutionEnding | undefined {
    return this.end;
  }

  /** The state whose failure ended the execution; undefined while it runs or once it succeeded. */
  get failedState(): string | undefined {
    return this.end && this.end.status !== ExecutionStatus.Succeeded
      ? this.lastFailedState
      : undefined;
  }

  /** Applies one event; returns true when a row (or the ending) changed. */
  apply(event: StepEvent): boolean {
    switch (event.kind) {
      case StepEventKind.Entered:
        if (event.stateType === 'Fail' && this.target(event.state)) this.failState = event.state;
        return this.onEntered(event.state, event.at);
      case StepEventKind.Retried:
        return this.onActive(event.state, (row) => {
          row.retries++;
          row.status = StageStatus.Running;
        });
      case StepEventKind.Failed:
        return this.onFailed(event);
      case StepEventKind.Exited:
        return this.onExit(event.state, event.at, event.output);
      case StepEventKind.ResultKnown: {
        const row = this.byName.get(event.step);
        // A manifest may hold a step that this execution has not reached (yet).
        if (!row || row.status === StageStatus.Pending) return false;
        row.result = event.result;
        return true;
      }
      case StepEventKind.Ended:
        return this.onEnd(event);
    }
  }

  /** The rows, in workflow order. A running row's duration runs until `now` (epoch ms). */
  summaries(now: number = Date.now()): StageSummary[] {
    return this.rows.map((row) => toSummary(row, now));
  }

  private target(state: string): { row: Row; role: StateRole } | undefined {
    const target = stateTarget(state);
    const row = target && this.byName.get(target.step);
    return row && target ? { row, role: target.role } : undefined;
  }

  /** Applies `change` to the row of a state whose step is still under way. */
  private onActive(state: string, change: (row: Row) => void): boolean {
    const target = this.target(state);
    if (!target || isFinalStageStatus(target.row.status)) return false;
    change(target.row);
    return true;
  }

  private onEntered(state: string, at: number): boolean {
    const role = this.target(state)?.role;
    if (role !== StateRole.Step) return false;
    return this.onActive(state, (row) => {
      row.startedAt ??= at;
      row.status = StageStatus.Running;
    });
  }

  private onFailed(event: Extract<StepEvent, { kind: 'failed' }>): boolean {
    const target = this.target(event.state);
    // A Map iteration's failure is caught inside the iteration and counted by the Map.
    if (!target || target.role === StateRole.Iteration) return false;
    this.lastFailedState = event.state;
    if (isFinalStageStatus(target.row.status)) return false;
    // Step Functions reports the failure before it decides to retry, catch or fail.
    Object.assign(target.row, {
      status: StageStatus.Retrying,
      stoppedAt: event.at,
      error: event.error,
      cause: event.cause,
    });
    return true;
  }

  private onExit(state: string, at: number, output: unknown): boolean {
    const target = this.target(state);
    if (!target || target.role === StateRole.Iteration) return false;
    const entry = recordedEntry(target.row.name, output);
    if (!entry) return false;
    settleFromEntry(target.row, entry, at);
    return true;
  }

  private onEnd(event: Extract<StepEvent, { kind: 'ended' }>): boolean {
    if (this.end) return false;
    this.end = {
      status: event.status,
      at: event.at,
      ...(event.error !== undefined && { error: event.error }),
      ...(event.cause !== undefined && { cause: event.cause }),
    };
    const settled =
      event.status === ExecutionStatus.Succeeded
        ? StageStatus.Succeeded
        : event.status === ExecutionStatus.Aborted
          ? StageStatus.Aborted
          : StageStatus.Failed;
    if (settled === StageStatus.Failed && this.failState !== undefined) this.failAt(event);
    for (const row of this.rows) {
      // The output records every step's end, also of one whose final event never came: the
      // local engine drops what a Parallel branch or Map iteration forwards after the end.
      const entry = isFinalStageStatus(row.status)
        ? undefined
        : recordedEntry(row.name, { steps: event.output });
      if (entry) settleFromEntry(row, entry, event.at);
      if (row.status === StageStatus.Running || row.status === StageStatus.Retrying) {
        row.status = settled;
        row.stoppedAt ??= event.at;
      }
    }
    return true;
  }

  /** A Fail state of a step ended the execution: the step failed with the execution's error. */
  private failAt(event: Extract<StepEvent, { kind: 'ended' }>): void {
    const state = this.failState as string;
    this.lastFailedState = state;
    const row = this.target(state)?.row;
    if (!row || isFinalStageStatus(row.status)) return;
    Object.assign(row, {
      status: StageStatus.Failed,
      stoppedAt: event.at,
      error: event.error,
      cause: event.cause,
    });
  }
}
