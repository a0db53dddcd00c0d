import type { RunManifest } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { ExecutionStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import type { LocalOutcome } from './local-engine.js';
import type { RecordWriter } from './record-writer.js';
import { StageTracker, type StateEvent } from './stage-tracker.js';

/**
 * A run's rows: the engine's events folded as they come, each change saved, and the counts of
 * Glue and Map steps that end without them read from the run manifest in the background.
 */
export class RunProgress {
  readonly tracker: StageTracker;
  private lookups = Promise.resolve();

  constructor(
    workflow: Workflow,
    private readonly writer: RecordWriter,
    readonly readManifest: () => Promise<RunManifest | undefined>,
  ) {
    this.tracker = new StageTracker(workflow);
  }

  apply(event: StateEvent): void {
    if (!this.tracker.apply(event)) return;
    this.save();
    if (this.tracker.needsManifest()) this.completeCounts();
  }

  /** Ends the rows as the outcome says, once every manifest read has settled. */
  async finish(outcome: LocalOutcome): Promise<StageSummary[]> {
    // An outcome is never RUNNING; were it, its running rows would count as failed.
    this.tracker.finish(
      outcome.status === ExecutionStatus.Running ? ExecutionStatus.Failed : outcome.status,
    );
    this.completeCounts();
    await this.lookups;
    return this.tracker.summaries();
  }

  private save(): void {
    this.writer.save({ stages: this.tracker.summaries() });
  }

  private completeCounts(): void {
    this.lookups = this.lookups
      .then(async () => {
        if (await this.tracker.completeFromManifest(this.readManifest)) this.save();
      })
      // The counts are a nicety: a manifest that cannot be read leaves the row without them.
      .catch(() => undefined);
  }
}
