import type { S3Client } from '@aws-sdk/client-s3';
import { readJsonLines } from '../records/jsonl-reader.js';
import type { JsonRecord, S3Pointer } from '../records/record-types.js';
import { StageObject } from '../s3-keys.js';
import type { RunManifest } from './manifest.js';
import type { StageResult } from './stage-contract.js';

/** The logs a stage keeps beside its output of the records it set aside. */
export const StageLog = {
  /** `rejects.json`: each reject with its reason; `result.rejected` counts them. */
  Rejects: 'rejects',
  /** `filtered.json`: each record dropped on purpose with its rule. */
  Filtered: 'filtered',
} as const;

/** One of the {@link StageLog} values. */
export type StageLog = (typeof StageLog)[keyof typeof StageLog];

/**
 * The metric in which a result that filtered records says how many of them it kept in
 * `filtered.json` (the rest were counted in bulk, without the records). Side outputs follow the
 * same rule: `{object}.records` in the metrics counts what this run wrote to `{object}`.
 */
export const FILTERED_KEPT_METRIC = `${StageObject.Filtered}.records`;

/**
 * The objects that hold what the given runs of a step set aside, **as their results vouch for
 * them**. A run writes its rejects and filtered records only once the first one arrives, and
 * never deletes what an earlier attempt left (an attempt that failed, a run before a redrive):
 * such an object is stale, and only the counts tell it apart. So a run that counted no rejects
 * has no rejects object to read, whatever lies at its key; likewise a run that kept no filtered
 * records (`FILTERED_KEPT_METRIC` is 0). A result from before that metric (or from a Glue job
 * that reports its own) that filtered records may or may not have kept them: its object is
 * read when present.
 *
 * Pass a step's own result, or for a Map step each iteration's (`RunManifest.parts`, see
 * {@link stepRuns}): the sum's folder holds every part, stale parts too.
 */
export function stageLogObjects(
  results: readonly StageResult[],
  log: StageLog,
): { pointer: S3Pointer; mayBeMissing: boolean }[] {
  const objects: { pointer: S3Pointer; mayBeMissing: boolean }[] = [];
  for (const result of results) {
    if (log === StageLog.Rejects) {
      if (result.rejected > 0) {
        objects.push({
          pointer: { bucket: result.bucket, key: result.rejectsKey },
          mayBeMissing: false,
        });
      }
      continue;
    }
    const kept = result.metrics?.[FILTERED_KEPT_METRIC];
    const key = filteredKeyBeside(result.rejectsKey);
    if (result.filtered === 0 || kept === 0 || key === undefined) continue;
    objects.push({ pointer: { bucket: result.bucket, key }, mayBeMissing: kept === undefined });
  }
  return objects;
}

/**
 * Streams the records of one of the step's logs (see {@link stageLogObjects} for which objects
 * count), one run after the other.
 *
 * @example
 * const manifest = await readManifest(s3, bucket, executionId);
 * for await (const reject of readStageLog(s3, stepRuns(manifest, 'FilterStage'), StageLog.Rejects)) {
 *   console.log(reject.reason);
 * }
 */
export async function* readStageLog(
  s3: S3Client,
  results: readonly StageResult[],
  log: StageLog,
): AsyncGenerator<JsonRecord> {
  for (const { pointer, mayBeMissing } of stageLogObjects(results, log)) {
    const records = readJsonLines(s3, pointer, { onReject: () => undefined });
    yield* mayBeMissing ? unlessMissing(records) : records;
  }
}

/**
 * The results a step's logs are read by: a Map step's iterations, each of which vouches for its
 * own part, or the step's one result; none when the manifest has no entry for it.
 */
export function stepRuns(manifest: RunManifest | undefined, step: string): StageResult[] {
  const iterations = manifest?.parts?.[step];
  if (iterations) return [...iterations];
  const result =
    manifest && Object.hasOwn(manifest.stages, step) ? manifest.stages[step] : undefined;
  return result ? [result] : [];
}

/**
 * `filtered.json` beside a result's rejects key: the step's object
 * (`…/{Step}/rejects.json`) or a Map iteration's part (`…/{Step}/rejects.json/part-00003.json`).
 */
function filteredKeyBeside(rejectsKey: string): string | undefined {
  const match = REJECTS_KEY.exec(rejectsKey);
  if (!match) return undefined;
  return `${match[1] ?? ''}${StageObject.Filtered}${match[2] ?? ''}`;
}

const REJECTS_KEY = new RegExp(
  `^(.*/)?${StageObject.Rejects.replace('.', '\\.')}(/part-\\d{5}\\.json)?$`,
);

async function* unlessMissing(records: AsyncIterable<JsonRecord>): AsyncGenerator<JsonRecord> {
  try {
    yield* records;
  } catch (error) {
    if ((error as { name?: string }).name !== 'InputNotFoundError') throw error;
  }
}
