import type { S3Client } from '@aws-sdk/client-s3';
import { type JsonRecord, readManifest, readStageLog, StageLog, stepRuns } from '@ceap/core';
import { RunnerUsageError } from '../errors.js';
import type { ExecutionDescription } from '../execution-types.js';
import { assertStepOf } from './execution-logs.js';
import { parseS3Uri } from './stage-output.js';

/** Which of a step's rejects {@link RunnerClient.rejects} returns. */
export interface RejectsRequest {
  /** The step whose rejects to read. */
  readonly step: string;
  /** Only the rejects with this reason. @default every reason */
  readonly reason?: string;
  /** At most this many rejects. @default all of them */
  readonly limit?: number;
  /**
   * Read the records the step dropped on purpose (`filtered.json`, each with its rule) instead
   * of its rejects. @default false
   */
  readonly filtered?: boolean;
}

/** A step's rejected records, with the counts `status` shows for that step. */
export interface StageRejects {
  readonly executionId: string;
  readonly step: string;
  /** The step's rejected count, exactly as its row in `status` holds it. */
  readonly rejected: number;
  /** That count by reason, from the step's result in the run manifest. */
  readonly rejectedBy: Readonly<Record<string, number>>;
  /** The step's filtered count and its rules, likewise. */
  readonly filtered: number;
  readonly filteredBy: Readonly<Record<string, number>>;
  /**
   * Each reject (`{ reason, record?, field?, line?, message?, … }`), or with `filtered` each
   * filtered record (`{ reason, record }`), streamed from S3. A count of records dropped in
   * bulk by another process (the Glue job's Python core) has no records to show.
   */
  readonly records: AsyncIterable<JsonRecord>;
}

/** The bucket and key prefix an execution's data lives under. */
export interface DataPlace {
  readonly bucket: string;
  readonly keyPrefix?: string;
}

/**
 * Reads a step's rejects: the key and the counts by reason come from the step's result in the
 * run manifest (`executions/{id}/_manifest/{Step}.json`), the records from that key (one
 * object, or each Map iteration's part that counted rejects). A step that rejected nothing
 * reads no object, whatever an earlier attempt left there.
 */
export async function readStageRejects(
  s3: S3Client,
  description: ExecutionDescription,
  place: DataPlace,
  request: RejectsRequest,
): Promise<StageRejects> {
  assertStepOf(description, request.step);
  const row = description.stages.find((stage) => stage.name === request.step);
  const { executionId } = description;
  const base = {
    executionId,
    step: request.step,
    rejected: row?.rejected ?? 0,
    filtered: row?.filtered ?? 0,
  };
  if (base.rejected === 0 && base.filtered === 0) {
    return { ...base, rejectedBy: {}, filteredBy: {}, records: noRecords() };
  }
  const manifest = await readManifest(s3, place.bucket, executionId, place.keyPrefix);
  const result = manifest?.stages[request.step];
  const counts = {
    ...base,
    rejectedBy: result?.rejectedBy ?? {},
    filteredBy: result?.filteredBy ?? {},
  };
  // The step's results (a Map step's, each iteration's) say which objects are this run's: a log
  // an earlier attempt left at the same key is never read.
  const log = request.filtered ? StageLog.Filtered : StageLog.Rejects;
  const records = readStageLog(s3, stepRuns(manifest, request.step), log);
  return { ...counts, records: selected(records, request) };
}

/**
 * Where an AWS execution's data lives, read from its steps' output URIs
 * (`s3://{bucket}/{prefix}executions/{id}/{Step}/output.json`), the same keys the stages wrote.
 */
export function dataPlaceOf(description: ExecutionDescription): DataPlace {
  const marker = `executions/${description.executionId}/`;
  for (const stage of description.stages) {
    if (!stage.output) continue;
    const pointer = parseS3Uri(stage.output);
    const at = pointer.key.indexOf(marker);
    if (at >= 0) return { bucket: pointer.bucket, keyPrefix: pointer.key.slice(0, at) };
  }
  throw new RunnerUsageError(
    `execution "${description.executionId}" has no step output yet, so its data bucket is not known`,
  );
}

async function* selected(
  records: AsyncIterable<JsonRecord>,
  request: RejectsRequest,
): AsyncGenerator<JsonRecord> {
  const limit = request.limit ?? Number.POSITIVE_INFINITY;
  if (limit <= 0) return;
  let count = 0;
  for await (const record of records) {
    if (request.reason !== undefined && record.reason !== request.reason) continue;
    yield record;
    if (++count >= limit) return;
  }
}

async function* noRecords(): AsyncGenerator<JsonRecord> {}
