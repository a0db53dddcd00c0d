import type { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { type DataLocation, readManifest, type StageResult } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { StageStatus } from '../constants.js';
import { parseObject } from '../progress/json-text.js';
import { stageResultOf, stepName } from '../progress/step-fold.js';
import { callAws } from './aws-errors.js';
import { type FoldedHistory, foldHistory } from './execution-history.js';

/**
 * The step rows of one AWS execution: its history folded, and each finished Glue step's counts
 * and output read from the run manifest (`executions/{id}/_manifest.json`, which the Glue job
 * writes), because a Glue task's exit output is the previous stage's result. The manifest is
 * read once per finished Glue step, not on every poll.
 */
export class ExecutionRows {
  private readonly results = new Map<string, StageResult>();
  private readonly lookedUp = new Set<string>();

  constructor(
    private readonly workflow: Workflow,
    private readonly executionId: string,
    private readonly s3: () => S3Client,
  ) {}

  /** Folds the history (oldest first), with the Glue steps' results from the manifest. */
  async fold(events: readonly HistoryEvent[], now: Date = new Date()): Promise<FoldedHistory> {
    const folded = foldHistory(this.workflow, events, now, [...this.results.values()]);
    const missing = this.finishedGlueSteps(folded).filter((step) => !this.lookedUp.has(step));
    const location = missing.length > 0 ? dataLocationOf(this.executionId, events) : undefined;
    if (!location) return folded;
    const manifest = await callAws(
      { operation: 'GetObject (run manifest)', executionId: this.executionId },
      () => readManifest(this.s3(), location.bucket, this.executionId, location.keyPrefix),
    );
    for (const step of missing) {
      this.lookedUp.add(step);
      const result = stageResultOf(step, manifest?.stages[step]);
      if (result) this.results.set(step, result);
    }
    return foldHistory(this.workflow, events, now, [...this.results.values()]);
  }

  private finishedGlueSteps(folded: FoldedHistory): string[] {
    return this.workflow.steps
      .filter((step) => step.kind === 'glue')
      .map(stepName)
      .filter((name) => {
        const row = folded.stages.find((stage) => stage.name === name);
        return row?.status === StageStatus.Succeeded && row.records === undefined;
      });
  }
}

/**
 * Where an execution keeps its data: the bucket and key prefix of a stage result in its
 * history, whose `executionPrefix` is `{keyPrefix}executions/{executionId}`.
 */
export function dataLocationOf(
  executionId: string,
  events: readonly HistoryEvent[],
): DataLocation | undefined {
  const suffix = `executions/${executionId}`;
  for (const event of [...events].reverse()) {
    for (const text of [
      event.stateEnteredEventDetails?.input,
      event.stateExitedEventDetails?.output,
    ]) {
      const pointer = parseObject(text);
      const prefix = pointer?.executionPrefix;
      if (
        typeof pointer?.bucket === 'string' &&
        typeof prefix === 'string' &&
        prefix.endsWith(suffix)
      ) {
        return {
          bucket: pointer.bucket,
          keyPrefix: prefix.slice(0, prefix.length - suffix.length),
        };
      }
    }
  }
  return undefined;
}
