import type { RunManifest, StageResult } from '@ceap/core';
import { StageStatus } from '../constants.js';
import type { ExecutionDescription, StageSummary } from '../execution-types.js';
import type { UiBar } from './ui-api-types.js';

/** The Gantt timeline of a run: every bar, and the span they are drawn against. */
export interface RunTimeline {
  readonly spanMs: number;
  readonly bars: readonly UiBar[];
}

/**
 * The Gantt bars of a run. Each step that started has one `step` bar, from its first entry to
 * its end (retries included), so bar widths compare the steps' durations. A step that was
 * retried and then succeeded also gets a `retries` bar (its failed attempts and their backoff,
 * up to the start of its last attempt, which the run manifest records) and an `attempt` bar
 * (that last attempt). A Map step gets one `iteration` bar per part, from the manifest's
 * iteration entries. A step still running ends at `now`.
 */
export function runTimeline(
  description: ExecutionDescription,
  manifest: RunManifest | undefined,
  now: number = Date.now(),
): RunTimeline {
  const runStart = Date.parse(description.startedAt);
  const bars: UiBar[] = [];
  for (const stage of description.stages) {
    if (stage.startedAt === undefined) continue;
    const start = Date.parse(stage.startedAt);
    const durationMs = stage.durationMs ?? Math.max(0, now - start);
    const at = (ms: number) => Math.max(0, ms - runStart);
    bars.push({
      step: stage.name,
      kind: 'step',
      label: stepLabel(stage),
      status: stage.status,
      offsetMs: at(start),
      durationMs,
    });
    const result = manifest?.stages[stage.name];
    const parts = manifest?.parts?.[stage.name] ?? [];
    // A Map's retries are its iterations', drawn on the iterations' own bars.
    if (stage.retries > 0 && result && parts.length === 0)
      bars.push(...retryBars(stage, result, start, at));
    for (const part of parts) {
      const partStart = Date.parse(part.startedAt);
      const index = (part as StageResult & { part?: number }).part;
      bars.push({
        step: stage.name,
        kind: 'iteration',
        label: `part ${index ?? '?'}: ${part.records} records`,
        status: StageStatus.Succeeded,
        offsetMs: at(partStart),
        durationMs: part.durationMs,
      });
    }
  }
  const runEnd =
    description.stoppedAt !== undefined ? Date.parse(description.stoppedAt) - runStart : 0;
  const spanMs = Math.max(runEnd, ...bars.map((bar) => bar.offsetMs + bar.durationMs), 1);
  return { spanMs, bars };
}

function stepLabel(stage: StageSummary): string {
  const parts = [`${stage.name} ${stage.status}`];
  if (stage.retries > 0) parts.push(`${stage.retries} retries`);
  if (stage.iterations !== undefined) parts.push(`${stage.iterations} iterations`);
  return parts.join(', ');
}

/** The failed attempts before the last one, and the last one, of a step that succeeded. */
function retryBars(
  stage: StageSummary,
  result: StageResult,
  start: number,
  at: (ms: number) => number,
): UiBar[] {
  const lastStart = Date.parse(result.startedAt);
  if (!(lastStart > start)) return [];
  return [
    {
      step: stage.name,
      kind: 'retries',
      label: `${stage.retries} failed attempts and backoff`,
      status: StageStatus.Retrying,
      offsetMs: at(start),
      durationMs: lastStart - start,
    },
    {
      step: stage.name,
      kind: 'attempt',
      label: `attempt ${stage.retries + 1}`,
      status: stage.status,
      offsetMs: at(lastStart),
      durationMs: result.durationMs,
    },
  ];
}
