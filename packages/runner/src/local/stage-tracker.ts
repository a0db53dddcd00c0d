import { type StageResult, toS3Uri } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { StageStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';

/** The slice of an aws-local-stepfunctions event log that progress needs. */
export interface StateEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { readonly name: string };
  readonly Error?: string;
  readonly Cause?: unknown;
}

interface MutableStage {
  name: string;
  status: StageSummary['status'];
  startedAtMs?: number;
  stoppedAtMs?: number;
  retries: number;
  result?: StageResult;
  error?: string;
  cause?: string;
}

/**
 * Folds the engine's event log (StateEntered, StateFailed, StateRetried, StateExited) into one
 * row per workflow step, in execution order. The Pass state that follows a Glue step is part
 * of that step, not a row of its own.
 */
export class StageTracker {
  private readonly stages = new Map<string, MutableStage>();

  constructor(workflow: Workflow) {
    for (const step of workflow.steps) {
      this.stages.set(step.stage, { name: step.stage, status: StageStatus.Pending, retries: 0 });
    }
  }

  /** Applies one event; returns true when a row changed. */
  apply(event: StateEvent): boolean {
    const stage = event.state ? this.stages.get(event.state.name) : undefined;
    if (!stage) return false;
    switch (event.type) {
      case 'StateEntered':
        stage.startedAtMs ??= event.timestamp;
        stage.status = StageStatus.Running;
        return true;
      case 'StateFailed':
        // Step Functions reports the failure before it decides to retry; a final failure is
        // settled by finish().
        stage.status = StageStatus.Retrying;
        stage.stoppedAtMs = event.timestamp;
        stage.error = event.Error;
        stage.cause = describeCause(event.Cause);
        return true;
      case 'StateRetried':
        stage.status = StageStatus.Running;
        stage.retries++;
        return true;
      case 'StateExited':
        stage.status = StageStatus.Succeeded;
        stage.stoppedAtMs = event.timestamp;
        stage.error = undefined;
        stage.cause = undefined;
        return true;
      default:
        return false;
    }
  }

  /** Records what a stage task returned (counts and output pointer). */
  recordResult(stageName: string, result: StageResult): void {
    const stage = this.stages.get(stageName);
    if (stage) stage.result = result;
  }

  /** At the end of the execution: a stage still running or retrying has failed. */
  finish(failed: boolean): void {
    for (const stage of this.stages.values()) {
      if (stage.status === StageStatus.Running || stage.status === StageStatus.Retrying) {
        stage.status = failed ? StageStatus.Failed : StageStatus.Succeeded;
      }
    }
  }

  /** The rows, in execution order. */
  summaries(now: number = Date.now()): StageSummary[] {
    return [...this.stages.values()].map((stage) => toSummary(stage, now));
  }
}

function toSummary(stage: MutableStage, now: number): StageSummary {
  const end = stage.status === StageStatus.Running ? now : (stage.stoppedAtMs ?? now);
  const result = stage.result;
  return {
    name: stage.name,
    status: stage.status,
    ...(stage.startedAtMs !== undefined && {
      startedAt: new Date(stage.startedAtMs).toISOString(),
      durationMs: Math.max(0, end - stage.startedAtMs),
    }),
    ...(result && {
      received: result.received,
      records: result.records,
      rejected: result.rejected,
      filtered: result.filtered,
      output: toS3Uri(result.bucket, result.key),
    }),
    retries: stage.retries,
    ...(stage.error !== undefined && { error: stage.error }),
    ...(stage.cause !== undefined && { cause: stage.cause }),
  };
}

/** A Cause may be a string or, from the engine, an Error; print it as text. */
export function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause);
}
