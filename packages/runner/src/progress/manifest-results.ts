import type { RunManifest, StageResult } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { StageStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import { stageResultOf } from './step-rows.js';

/**
 * The counts that only the run manifest holds. A Glue step's state records a pointer but no
 * counts (the job writes its result to the manifest), and a Map step's counts are the sum of
 * its iterations, which core's `readManifest` adds up. Both targets fill those rows from here,
 * reading the manifest once per step that ended without counts, never on every event or poll.
 */
export class ManifestResults {
  private readonly manifestSteps: ReadonlySet<string>;
  private readonly claimed = new Set<string>();
  private readonly known = new Map<string, StageResult>();

  constructor(workflow: Workflow) {
    this.manifestSteps = new Set(
      workflow.steps.filter((s) => s.kind === 'glue' || s.kind === 'map').map((s) => s.name),
    );
  }

  /** The results read so far, one per step. */
  get results(): StageResult[] {
    return [...this.known.values()];
  }

  /** The Glue and Map steps that succeeded without counts and were not claimed yet. */
  pending(rows: readonly StageSummary[]): string[] {
    return rows
      .filter((row) => this.manifestSteps.has(row.name) && !this.claimed.has(row.name))
      .filter((row) => row.status === StageStatus.Succeeded && row.records === undefined)
      .map((row) => row.name);
  }

  /** {@link pending}, each step claimed once: a later call leaves it out. */
  claim(rows: readonly StageSummary[]): string[] {
    const claimed = this.pending(rows);
    for (const step of claimed) this.claimed.add(step);
    return claimed;
  }

  /**
   * Reads the manifest and keeps the claimed steps' results; returns those it found. When the
   * read fails, the steps are released, so that a later claim tries them again.
   */
  async lookUp(
    steps: readonly string[],
    read: () => Promise<RunManifest | undefined>,
  ): Promise<StageResult[]> {
    if (steps.length === 0) return [];
    let manifest: RunManifest | undefined;
    try {
      manifest = await read();
    } catch (error) {
      for (const step of steps) this.claimed.delete(step);
      throw error;
    }
    const found: StageResult[] = [];
    for (const step of steps) {
      const result = stageResultOf(step, manifest?.stages[step]);
      if (!result) continue;
      this.known.set(step, result);
      found.push(result);
    }
    return found;
  }
}
