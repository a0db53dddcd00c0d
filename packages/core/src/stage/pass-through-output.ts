import type { S3Client } from '@aws-sdk/client-s3';
import type { ContentSummary } from '../records/content-digest.js';
import { readJsonLineBatches } from '../records/jsonl-reader.js';
import { type WriteSummary, writeJsonLineBatches } from '../records/jsonl-writer.js';
import type { JsonRecord, S3Pointer } from '../records/record-types.js';
import { copyObject, objectETag } from '../records/s3-objects.js';
import { KeptRecords } from './kept-records.js';
import type { LayoutTarget } from './output-layout.js';
import type { StageDefinition } from './stage-contract.js';
import { outputBatches, receivedRecords, throwIfStopped } from './stage-pacing.js';
import type { StageRun } from './stage-run.js';

/** The largest object one CopyObject request copies (S3's limit); a larger one is rewritten. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;

/** The one input a pass-through run may copy: a single object whose content its writer vouched for. */
export interface CopySource {
  readonly pointer: S3Pointer;
  readonly expected: ContentSummary;
  /** The object's version, so the copy is of the bytes that were read and checked. */
  readonly etag: string;
}

/**
 * The input a pass-through stage's output can be a copy of: its one upstream output, when that
 * carries its writer's counts and checksum and is a single object of at most 5 GiB (a folder of
 * parts cannot be copied into one object). Undefined otherwise: the run then writes its records as any stage.
 */
export async function copySourceOf<Config>(
  run: StageRun<Config>,
  s3: S3Client,
): Promise<CopySource | undefined> {
  const [input, ...others] = run.inputs;
  if (input?.expected === undefined || others.length > 0) return undefined;
  if (input.expected.bytes > MAX_COPY_BYTES) return undefined;
  const etag = await objectETag(s3, input.pointer);
  if (etag === undefined) return undefined;
  return { pointer: input.pointer, expected: input.expected, etag };
}

/**
 * Runs a pass-through stage's transform over its input, checking that what it yields is what
 * it received, and writes the output without serializing a record: when every record was kept,
 * as a server-side copy of the input, whose counts and checksum are the ones the read just
 * checked. When some were dropped, the kept ones are written from a second read of the input,
 * picked out by their place in it.
 */
export async function writeUnchanged<Config>(
  stage: StageDefinition<Config>,
  run: StageRun<Config>,
  s3: S3Client,
  target: LayoutTarget,
  source: CopySource,
): Promise<WriteSummary> {
  const kept = new KeptRecords(run.step);
  const read = readJsonLineBatches(s3, source.pointer, {
    onReject: (reject) => run.sourceContext.reject(reject.reason, reject),
    expected: source.expected,
  });
  const received = receivedRecords(read, run, (record) => kept.received(record));
  for await (const batch of outputBatches(stage.transform(received, run.context), run)) {
    kept.yielded(batch);
  }
  kept.end();
  throwIfStopped(run);
  if (!kept.droppedAny && kept.kept === source.expected.records) {
    await copyObject(s3, source.pointer, target.pointer, source.etag);
    return { ...source.expected };
  }
  const again = readJsonLineBatches(s3, source.pointer, {
    // Its rejects were counted and logged on the first read.
    onReject: () => undefined,
    expected: source.expected,
  });
  return writeJsonLineBatches(s3, target.pointer, keptOnly(again, kept), {
    removeStaleParts: target.removeStaleParts,
  });
}

async function* keptOnly(
  batches: AsyncIterable<JsonRecord[]>,
  kept: KeptRecords,
): AsyncGenerator<JsonRecord[]> {
  let ordinal = 0;
  for await (const batch of batches) {
    const keep = batch.filter(() => kept.isKept(ordinal++));
    if (keep.length > 0) yield keep;
  }
}
