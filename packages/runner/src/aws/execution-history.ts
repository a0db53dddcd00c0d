import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { StageResult } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import type { StageSummary } from '../execution-types.js';
import { fromHistory } from '../progress/aws-history-adapter.js';
import { type EndStatus, StepEventKind } from '../progress/step-events.js';
import { StepFold } from '../progress/step-fold.js';

/** How the execution ended, from its terminal history event. */
export interface HistoryEnding {
  readonly status: EndStatus;
  readonly error?: string;
  readonly cause?: string;
  readonly stoppedAt: Date;
}

/** An execution history folded into step rows. */
export interface FoldedHistory {
  readonly stages: StageSummary[];
  readonly ending?: HistoryEnding;
  /** The state whose failure ended the execution. */
  readonly failedState?: string;
}

/**
 * Folds Step Functions execution history into one row per workflow step: the AWS adapter
 * translates the events and {@link StepFold}, the same fold the local target runs, folds them.
 * `results` are steps' own StageResults known from elsewhere: a Glue or Map step's counts come
 * from the run manifest, because its states record a pointer without counts.
 */
export function foldHistory(
  workflow: Workflow,
  events: readonly HistoryEvent[],
  now: Date = new Date(),
  results: readonly StageResult[] = [],
): FoldedHistory {
  const fold = new StepFold(workflow);
  for (const event of fromHistory(events, now.getTime())) fold.apply(event);
  for (const result of results) {
    fold.apply({ kind: StepEventKind.ResultKnown, step: result.stage, result });
  }
  const ending = fold.ending;
  return {
    stages: fold.summaries(now.getTime()),
    ...(ending && {
      ending: {
        status: ending.status,
        stoppedAt: new Date(ending.at),
        ...(ending.error !== undefined && { error: ending.error }),
        ...(ending.cause !== undefined && { cause: ending.cause }),
      },
    }),
    ...(fold.failedState !== undefined && { failedState: fold.failedState }),
  };
}
