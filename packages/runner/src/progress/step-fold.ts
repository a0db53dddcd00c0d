import { type StageResult, toS3Uri } from '@ceap/core';
import {
  glueOutputStateName,
  type LambdaStep,
  type Workflow,
  type WorkflowStep,
} from '@ceap/core/workflow';
import { ExecutionStatus, StageStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import { type ExecutionEnding, type StepEvent, StepEventKind } from './step-events.js';

/** What a state is to its step's row: the step's own task, or the Pass state after a Glue step. */
const StateRole = {
  Task: 'task',
  GlueOutput: 'glue-output',
} as const;
type StateRole = (typeof StateRole)[keyof typeof StateRole];

interface Row {
  readonly name: string;
  status: StageStatus;
  startedAt?: number;
  stoppedAt?: number;
  retries: number;
  /** The last attempt failed and none started since: an exit now means a Catch took it. */
  attemptFailed: boolean;
  result?: StageResult;
  /** `s3://…` from a Glue step's Pass state, used while the step's own result is unknown. */
  pointer?: string;
  error?: string;
  cause?: string;
}

const COUNT_FIELDS = ['received', 'records', 'rejected', 'filtered'] as const;

/**
 * The name that identifies a step: its row, its state name and its folder under the
 * execution's prefix. Steps are named by their stage; a step's own `name`, where the workflow
 * model gives steps one, wins. Every row name in the runner comes from here.
 */
export function stepName(step: WorkflowStep): string {
  return 'name' in step && typeof step.name === 'string' ? step.name : (step as LambdaStep).stage;
}

/**
 * The StageResult of `step` in a state's output, or undefined when the output is something
 * else: a row takes its counts only from its own result. A Glue task keeps its input and adds
 * the job run beside it (`ResultPath: $.jobRun`), so its exit output is the *previous* stage's
 * result; its `stage` field names that stage, not the Glue step.
 */
export function stageResultOf(step: string, value: unknown): StageResult | undefined {
  const candidate = value as Partial<StageResult> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null || candidate.stage !== step) {
    return undefined;
  }
  const isPointer = typeof candidate.bucket === 'string' && typeof candidate.key === 'string';
  return isPointer && typeof candidate.records === 'number'
    ? (candidate as StageResult)
    : undefined;
}

/**
 * The one fold of execution events into step rows, whatever their source: the local engine's
 * event log and the AWS execution history are each translated into {@link StepEvent}s by an
 * adapter, then folded here. One row per workflow step, in workflow order; the Pass state that
 * follows a Glue step belongs to that step's row.
 */
export class StepFold {
  private readonly rows: Row[];
  private readonly states = new Map<string, { readonly row: Row; readonly role: StateRole }>();
  private end?: ExecutionEnding;
  private lastFailedState?: string;

  constructor(workflow: Workflow) {
    this.rows = workflow.steps.map((step) => ({
      name: stepName(step),
      status: StageStatus.Pending,
      retries: 0,
      attemptFailed: false,
    }));
    workflow.steps.forEach((step, index) => {
      const row = this.rows[index] as Row;
      this.states.set(row.name, { row, role: StateRole.Task });
      if (step.kind === 'glue') {
        this.states.set(glueOutputStateName(row.name), { row, role: StateRole.GlueOutput });
      }
    });
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
        return this.onTask(event.state, (row) => {
          row.startedAt ??= event.at;
          row.status = StageStatus.Running;
          row.attemptFailed = false;
        });
      case StepEventKind.Retried:
        return this.onTask(event.state, (row) => {
          row.retries++;
          row.status = StageStatus.Running;
          row.attemptFailed = false;
        });
      case StepEventKind.Failed: {
        const target = this.states.get(event.state);
        if (!target) return false;
        // Step Functions reports the failure before it decides to retry, catch or fail.
        Object.assign(target.row, {
          status: StageStatus.Retrying,
          stoppedAt: event.at,
          error: event.error,
          cause: event.cause,
          attemptFailed: true,
        });
        this.lastFailedState = event.state;
        return true;
      }
      case StepEventKind.Exited:
        return this.onExit(event.state, event.at, event.output);
      case StepEventKind.ResultKnown: {
        const row = this.rows.find((candidate) => candidate.name === event.step);
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

  private onTask(state: string, change: (row: Row) => void): boolean {
    const target = this.states.get(state);
    if (target?.role !== StateRole.Task) return false;
    change(target.row);
    return true;
  }

  private onExit(state: string, at: number, output: unknown): boolean {
    const target = this.states.get(state);
    if (!target) return false;
    const { row } = target;
    if (target.role === StateRole.GlueOutput) {
      const pointer = output as { bucket?: unknown; key?: unknown } | undefined;
      if (typeof pointer?.bucket !== 'string' || typeof pointer.key !== 'string') return false;
      row.pointer = toS3Uri(pointer.bucket, pointer.key);
      return true;
    }
    row.stoppedAt = at;
    if (row.attemptFailed) {
      // Exiting right after a failure: a Catch took it, and the step failed.
      row.status = StageStatus.Failed;
      return true;
    }
    row.status = StageStatus.Succeeded;
    row.error = undefined;
    row.cause = undefined;
    row.result = stageResultOf(row.name, output) ?? row.result;
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
      event.status === ExecutionStatus.Succeeded ? StageStatus.Succeeded : StageStatus.Failed;
    for (const row of this.rows) {
      if (row.status === StageStatus.Running || row.status === StageStatus.Retrying) {
        row.status = settled;
        row.stoppedAt ??= event.at;
      }
    }
    return true;
  }
}

function toSummary(row: Row, now: number): StageSummary {
  const end = row.status === StageStatus.Running ? now : (row.stoppedAt ?? now);
  const result = row.result as Partial<Record<string, unknown>> | undefined;
  const counts = Object.fromEntries(
    COUNT_FIELDS.filter((field) => typeof result?.[field] === 'number').map((field) => [
      field,
      result?.[field] as number,
    ]),
  );
  const output = row.result ? toS3Uri(row.result.bucket, row.result.key) : row.pointer;
  return {
    name: row.name,
    status: row.status,
    ...(row.startedAt !== undefined && {
      startedAt: new Date(row.startedAt).toISOString(),
      durationMs: Math.max(0, end - row.startedAt),
    }),
    ...counts,
    retries: row.retries,
    ...(output !== undefined && { output }),
    ...(row.error !== undefined && { error: row.error }),
    ...(row.cause !== undefined && { cause: row.cause }),
  };
}
