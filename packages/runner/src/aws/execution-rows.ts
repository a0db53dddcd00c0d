import type { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { type DataLocation, readManifest } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { parseObject } from '../progress/json-text.js';
import { ManifestResults } from '../progress/manifest-results.js';
import { callAws } from './aws-errors.js';
import { type FoldedHistory, foldHistory } from './execution-history.js';

/**
 * The step rows of one AWS execution: its history folded, and the counts of each finished
 * Glue and Map step read from the run manifest (`executions/{id}/_manifest/`, a Map's
 * iterations summed), because their states record a pointer without counts. The manifest is
 * read once per such step, not on every poll.
 */
export class ExecutionRows {
  private readonly manifest: ManifestResults;

  constructor(
    private readonly workflow: Workflow,
    private readonly executionId: string,
    private readonly s3: () => S3Client,
  ) {
    this.manifest = new ManifestResults(workflow);
  }

  /** Folds the history (oldest first), with the Glue and Map steps' results from the manifest. */
  async fold(events: readonly HistoryEvent[], now: Date = new Date()): Promise<FoldedHistory> {
    const folded = foldHistory(this.workflow, events, now, this.manifest.results);
    if (this.manifest.pending(folded.stages).length === 0) return folded;
    const location = dataLocationOf(this.executionId, events);
    if (!location) return folded;
    const missing = this.manifest.claim(folded.stages);
    await callAws({ operation: 'GetObject (run manifest)', executionId: this.executionId }, () =>
      this.manifest.lookUp(missing, () =>
        readManifest(this.s3(), location.bucket, this.executionId, location.keyPrefix),
      ),
    );
    return foldHistory(this.workflow, events, now, this.manifest.results);
  }
}

/**
 * Where an execution keeps its data: the bucket and key prefix of a step's result in its
 * history (the execution state records each under `steps`), whose `executionPrefix` is
 * `{keyPrefix}executions/{executionId}`.
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
      const state = parseObject(text);
      const recorded = state?.steps;
      const candidates =
        typeof recorded === 'object' && recorded !== null ? Object.values(recorded) : [];
      for (const candidate of [state, ...candidates]) {
        const pointer = candidate as { bucket?: unknown; executionPrefix?: unknown } | undefined;
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
  }
  return undefined;
}
