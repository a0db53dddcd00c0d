import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { toS3Uri } from '@ceap/core';
import { glueOutputStateName, type Workflow } from '@ceap/core/workflow';
import { StageStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import { parseObject } from './aws-descriptions.js';

interface Row {
  name: string;
  status: StageSummary['status'];
  startedAt?: Date;
  stoppedAt?: Date;
  attempts: number;
  output?: Record<string, unknown>;
  outputUri?: string;
  error?: string;
  cause?: string;
}

/** How the execution ended, from its terminal history event. */
export interface HistoryEnding {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly error?: string;
  readonly cause?: string;
  readonly stoppedAt: Date;
}

/**
 * Folds Step Functions execution history (oldest first) into one row per workflow step: each
 * TaskScheduled after the first within a state is a retry; a state's exit output (the
 * StageResult, as `OutputPath: $.Payload` leaves it) gives the counts and the output pointer.
 */
export function foldHistory(
  workflow: Workflow,
  events: readonly HistoryEvent[],
  now: Date = new Date(),
): { stages: StageSummary[]; ending?: HistoryEnding; failedState?: string } {
  const rows = new Map<string, Row>(
    workflow.steps.map((step) => [
      step.stage,
      { name: step.stage, status: StageStatus.Pending, attempts: 0 },
    ]),
  );
  const glueOutputs = new Map(
    workflow.steps.map((step) => [glueOutputStateName(step.stage), step.stage]),
  );
  let current: Row | undefined;
  let ending: HistoryEnding | undefined;
  let failedState: string | undefined;
  for (const event of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    const at = event.timestamp ? new Date(event.timestamp) : now;
    const entered = event.stateEnteredEventDetails;
    const exited = event.stateExitedEventDetails;
    if (entered?.name && rows.has(entered.name)) {
      current = rows.get(entered.name) as Row;
      current.startedAt ??= at;
      current.status = StageStatus.Running;
    } else if (event.type === 'TaskScheduled' && current) {
      current.attempts++;
      if (current.attempts > 1) current.status = StageStatus.Running;
    } else if ((event.type === 'TaskFailed' || event.type === 'TaskTimedOut') && current) {
      const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
      current.status = StageStatus.Retrying;
      current.error = details?.error;
      current.cause = details?.cause;
      current.stoppedAt = at;
      failedState = current.name;
    } else if (exited?.name && rows.has(exited.name)) {
      const row = rows.get(exited.name) as Row;
      row.status = StageStatus.Succeeded;
      row.stoppedAt = at;
      row.error = undefined;
      row.cause = undefined;
      row.output = parseObject(exited.output);
      const pointer = row.output as { bucket?: unknown; key?: unknown } | undefined;
      if (
        typeof pointer?.bucket === 'string' &&
        typeof pointer.key === 'string' &&
        'records' in (pointer as object)
      ) {
        row.outputUri = toS3Uri(pointer.bucket, pointer.key);
      }
    } else if (exited?.name && glueOutputs.has(exited.name)) {
      const row = rows.get(glueOutputs.get(exited.name) as string) as Row;
      const pointer = parseObject(exited.output) as { bucket?: unknown; key?: unknown } | undefined;
      if (typeof pointer?.bucket === 'string' && typeof pointer.key === 'string') {
        row.outputUri = toS3Uri(pointer.bucket, pointer.key);
      }
    } else if (event.type === 'ExecutionSucceeded') {
      ending = { status: 'SUCCEEDED', stoppedAt: at };
    } else if (event.type === 'ExecutionFailed') {
      const details = event.executionFailedEventDetails;
      ending = { status: 'FAILED', error: details?.error, cause: details?.cause, stoppedAt: at };
    } else if (event.type === 'ExecutionTimedOut') {
      const details = event.executionTimedOutEventDetails;
      ending = {
        status: 'TIMED_OUT',
        error: details?.error ?? 'States.Timeout',
        cause: details?.cause,
        stoppedAt: at,
      };
    } else if (event.type === 'ExecutionAborted') {
      const details = event.executionAbortedEventDetails;
      ending = {
        status: 'ABORTED',
        error: details?.error ?? 'States.Aborted',
        cause: details?.cause,
        stoppedAt: at,
      };
    }
  }
  if (ending) {
    for (const row of rows.values()) {
      if (row.status === StageStatus.Running || row.status === StageStatus.Retrying) {
        row.status = ending.status === 'SUCCEEDED' ? StageStatus.Succeeded : StageStatus.Failed;
        row.stoppedAt ??= ending.stoppedAt;
      }
    }
  }
  const stages = [...rows.values()].map((row) => toSummary(row, now));
  return {
    stages,
    ...(ending && { ending }),
    ...(ending && ending.status !== 'SUCCEEDED' && { failedState }),
  };
}

function toSummary(row: Row, now: Date): StageSummary {
  const output = row.output as
    | { received?: unknown; records?: unknown; rejected?: unknown; filtered?: unknown }
    | undefined;
  const end = row.status === StageStatus.Running ? now : (row.stoppedAt ?? now);
  return {
    name: row.name,
    status: row.status,
    ...(row.startedAt && {
      startedAt: row.startedAt.toISOString(),
      durationMs: Math.max(0, end.getTime() - row.startedAt.getTime()),
    }),
    ...(typeof output?.received === 'number' && { received: output.received }),
    ...(typeof output?.records === 'number' && { records: output.records }),
    ...(typeof output?.rejected === 'number' && { rejected: output.rejected }),
    ...(typeof output?.filtered === 'number' && { filtered: output.filtered }),
    retries: Math.max(0, row.attempts - 1),
    ...(row.outputUri && { output: row.outputUri }),
    ...(row.error !== undefined && { error: row.error }),
    ...(row.cause !== undefined && { cause: row.cause }),
  };
}
