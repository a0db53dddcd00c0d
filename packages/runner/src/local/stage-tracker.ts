import type { RunManifest, StageResult } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { type ExecutionUsage, UsageMeter } from '../cost/execution-usage.js';
import type { StageSummary } from '../execution-types.js';
import { fromLocalEvent, type StateEvent } from '../progress/local-event-adapter.js';
import { ManifestResults } from '../progress/manifest-results.js';
import { type EndStatus, StepEventKind } from '../progress/step-events.js';
import { StepFold } from '../progress/step-fold.js';

export { describeCause } from '../progress/failure-cause.js';
export type { StateEvent } from '../progress/local-event-adapter.js';

/**
 * The local target's progress: the engine's live event log (Parallel branches and Map
 * iterations included), translated by the local adapter and folded by {@link StepFold}, the
 * same fold the AWS target runs over execution history. The results that stages and Glue jobs
 * return live give their rows counts; a Map step's come from the run manifest, which sums its
 * iterations, as on AWS.
 */
export class StageTracker {
  private readonly fold: StepFold;
  private readonly manifest: ManifestResults;
  /** What the run uses, for `ceap cost`: transitions and task attempts. */
  private readonly meter = new UsageMeter();

  constructor(workflow: Workflow) {
    this.fold = new StepFold(workflow);
    this.manifest = new ManifestResults(workflow);
  }

  /** Applies one engine event; returns true when a row changed. */
  apply(event: StateEvent): boolean {
    const step = fromLocalEvent(event);
    if (step) this.meter.apply(step);
    return step ? this.fold.apply(step) : false;
  }

  /** Records what a stage task or Glue job returned (counts and output pointer), by step name. */
  recordResult(step: string, result: StageResult): void {
    this.fold.apply({ kind: StepEventKind.ResultKnown, step, result });
  }

  /** True when a Glue or Map step ended without counts that the manifest was not asked for. */
  needsManifest(): boolean {
    return this.manifest.pending(this.summaries()).length > 0;
  }

  /**
   * Reads the run manifest for the Glue and Map steps that ended without counts, once each,
   * and records what it holds. Returns true when a row changed.
   */
  async completeFromManifest(read: () => Promise<RunManifest | undefined>): Promise<boolean> {
    const steps = this.manifest.claim(this.summaries());
    const found = await this.manifest.lookUp(steps, read);
    for (const result of found) this.recordResult(result.stage, result);
    return found.length > 0;
  }

  /**
   * At the end of the execution: a row still running or retrying has failed, or was aborted
   * (or, on success, finished). A no-op once the engine's own terminal event was applied.
   */
  finish(status: EndStatus, at: number = Date.now()): void {
    this.fold.apply({ kind: StepEventKind.Ended, at, status });
  }

  /** The run's usage, added to `earlier` (a redriven execution's previous attempts). */
  usage(earlier?: ExecutionUsage): ExecutionUsage {
    return this.meter.usage(earlier);
  }

  /** The rows, in workflow order. */
  summaries(now: number = Date.now()): StageSummary[] {
    return this.fold.summaries(now);
  }
}
