import { type StageResult, toS3Uri } from '@ceap/core';
import { StateSuffix, StepStatus, stepOfState } from '@ceap/core/workflow';
import { StageStatus } from '../constants.js';
import type { StageSummary } from '../execution-types.js';
import { describeCause } from './failure-cause.js';

/** One workflow step's row, as the fold keeps it. */
export interface Row {
  readonly name: string;
  status: StageStatus;
  startedAt?: number;
  stoppedAt?: number;
  retries: number;
  result?: StageResult;
  /** `s3://…` of the step's output, from its recorded entry, while its counts are unknown. */
  pointer?: string;
  iterations?: number;
  failedIterations?: number;
  error?: string;
  cause?: string;
}

/**
 * What a state is to its step's row:
 * - `guard`: the Choice that decides whether the step runs; it does not start the row;
 * - `mark`: the Pass that records SKIPPED or UPSTREAM_FAILED; its exit ends the row;
 * - `iteration`: a state inside a Map iteration; its retries count, its caught failures are
 *   the Map's `failedIterations`, not the row's error;
 * - `step`: any other state of the step (its task, the sensor's loop, the Map's listing, …).
 */
export const StateRole = {
  Guard: 'guard',
  Mark: 'mark',
  Iteration: 'iteration',
  Step: 'step',
} as const;
/** One of the {@link StateRole} values. */
export type StateRole = (typeof StateRole)[keyof typeof StateRole];

const ROLE_OF_SUFFIX: Readonly<Record<string, StateRole>> = {
  [StateSuffix.Guard]: StateRole.Guard,
  [StateSuffix.Skipped]: StateRole.Mark,
  [StateSuffix.UpstreamFailed]: StateRole.Mark,
  [StateSuffix.Iteration]: StateRole.Iteration,
  [StateSuffix.IterationFailed]: StateRole.Iteration,
};

/** The step a state belongs to (core's `stepOfState`) and its role in the step's row. */
export function stateTarget(state: string): { step: string; role: StateRole } | undefined {
  const step = stepOfState(state);
  if (step === undefined) return undefined;
  // `{step}.{suffix}` or `{step}.{suffix}{n}` (a branch's routes); the step's own name has none.
  const suffix = state.slice(step.length + 1).replace(/\d+$/, '');
  return { step, role: ROLE_OF_SUFFIX[suffix] ?? StateRole.Step };
}

/**
 * The StageResult of `step` in a recorded entry, or undefined when the entry is something
 * else (a Glue step's or a Map's pointer without counts, a branch's route): a row takes its
 * counts only from its own result.
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
 * The entry the compiled state machine records for `step` under `$.steps.{step}` in a state's
 * output (the whole execution state), when it carries the step's final status.
 */
export function recordedEntry(
  step: string,
  output: unknown,
): (Record<string, unknown> & { status: StepStatus }) | undefined {
  const steps = (output as { steps?: unknown } | null | undefined)?.steps;
  if (typeof steps !== 'object' || steps === null) return undefined;
  const entry = (steps as Record<string, unknown>)[step] as Record<string, unknown> | undefined;
  const status = entry?.status;
  const known = Object.values(StepStatus) as unknown[];
  return known.includes(status)
    ? (entry as Record<string, unknown> & { status: StepStatus })
    : undefined;
}

/** Ends a row as its recorded entry says: succeeded (with its pointer), failed, or skipped. */
export function settleFromEntry(
  row: Row,
  entry: Record<string, unknown> & { status: StepStatus },
  at: number,
): void {
  switch (entry.status) {
    case StepStatus.Succeeded: {
      row.status = StageStatus.Succeeded;
      row.stoppedAt = at;
      row.error = undefined;
      row.cause = undefined;
      row.result = stageResultOf(row.name, entry) ?? row.result;
      if (typeof entry.bucket === 'string' && typeof entry.key === 'string') {
        row.pointer = toS3Uri(entry.bucket, entry.key);
      }
      if (typeof entry.iterations === 'number') row.iterations = entry.iterations;
      if (typeof entry.failedIterations === 'number') row.failedIterations = entry.failedIterations;
      return;
    }
    case StepStatus.Failed:
      row.status = StageStatus.Failed;
      row.stoppedAt = at;
      row.error = typeof entry.error === 'string' ? entry.error : row.error;
      row.cause = describeCause(entry.cause) ?? row.cause;
      return;
    case StepStatus.Skipped:
      row.status = StageStatus.Skipped;
      if (typeof entry.reason === 'string') row.cause = entry.reason;
      return;
    case StepStatus.UpstreamFailed:
      row.status = StageStatus.UpstreamFailed;
      return;
  }
}

const COUNT_FIELDS = ['received', 'records', 'rejected', 'filtered'] as const;

/** A row as the progress table shows it; a running row's duration runs until `now`. */
export function toSummary(row: Row, now: number): StageSummary {
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
    ...(row.iterations !== undefined && { iterations: row.iterations }),
    ...(row.failedIterations !== undefined && { failedIterations: row.failedIterations }),
    ...(output !== undefined && { output }),
    ...(row.error !== undefined && { error: row.error }),
    ...(row.cause !== undefined && { cause: row.cause }),
  };
}
