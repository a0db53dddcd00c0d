import type { S3Client } from '@aws-sdk/client-s3';
import { assertContent, ContentDigest, type ContentSummary } from './content-digest.js';
import { JsonLinesDecoder } from './jsonl-decoder.js';
import type { JsonRecord, RecordSizeSink, RejectSink, S3Pointer } from './record-types.js';
import { openRecordObjects } from './s3-objects.js';

/** The default cap on one line; longer lines are rejected, not buffered. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

export interface ReadRecordsOptions {
  /** Receives each line that is not a record. */
  readonly onReject: RejectSink;
  /** @default DEFAULT_MAX_LINE_BYTES (8 MiB) */
  readonly maxLineBytes?: number;
  /**
   * What the writer recorded (records, bytes, checksum): once read to the end, the content
   * must match exactly, else {@link InputIntegrityError}. @default no check
   */
  readonly expected?: ContentSummary;
  /** A folder output counts only once its writer left `_SUCCESS` beside the parts. */
  readonly requireSuccessMarker?: boolean;
  /** Told each record's line length in bytes. @default not told */
  readonly onRecordSize?: RecordSizeSink;
}

/** Options of {@link decodeJsonLines}. */
export interface DecodeOptions {
  /** Names the bytes in rejects (`source`), e.g. the object's key. */
  readonly source: string;
  readonly onReject: RejectSink;
  /** @default DEFAULT_MAX_LINE_BYTES (8 MiB) */
  readonly maxLineBytes?: number;
  /** Counts the records yielded, for a caller that checks them against a writer's count. */
  readonly counts?: { records: number };
  /** Told each record's line length in bytes. @default not told */
  readonly onRecordSize?: RecordSizeSink;
}

/**
 * Decodes JSON Lines from any stream of bytes (an object's body, a gunzipped or re-encoded
 * one) with the same records, rejects (`invalid-json`, `not-an-object`, `invalid-utf8`,
 * `line-too-long`, each with `source` and its 1-based line) and line cap as
 * {@link readJsonLines}.
 */
export async function* decodeJsonLines(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
): AsyncGenerator<JsonRecord> {
  for await (const batch of decodeJsonLineBatches(chunks, options)) yield* batch;
}

/**
 * {@link decodeJsonLines} a chunk at a time: the records each chunk completes, as one array
 * (never an empty one), so a consumer pays one await per chunk rather than per record.
 */
export async function* decodeJsonLineBatches(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeOptions,
): AsyncGenerator<JsonRecord[]> {
  const { source, onReject, counts } = options;
  const decoder = new JsonLinesDecoder(
    source,
    options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    onReject,
    options.onRecordSize,
  );
  for await (const chunk of chunks) {
    const records: JsonRecord[] = [];
    decoder.push(chunk, records);
    if (counts) counts.records += records.length;
    if (records.length > 0) yield records;
  }
  const records: JsonRecord[] = [];
  decoder.end(records);
  if (counts) counts.records += records.length;
  if (records.length > 0) yield records;
}

/**
 * Streams the records of a JSON Lines object, or of a folder of part files in key order.
 * Memory holds one network chunk and one line at a time, whatever the object's size.
 *
 * @example
 * for await (const record of readJsonLines(s3, pointer, { onReject: (r) => rejects.push(r) })) {
 *   ...
 * }
 */
export async function* readJsonLines(
  s3: S3Client,
  pointer: S3Pointer,
  options: ReadRecordsOptions,
): AsyncGenerator<JsonRecord> {
  for await (const batch of readJsonLineBatches(s3, pointer, options)) yield* batch;
}

/**
 * {@link readJsonLines} a network chunk at a time: the records each chunk completes, as one
 * array. The content is checked against `expected` once the last array has been taken.
 */
export async function* readJsonLineBatches(
  s3: S3Client,
  pointer: S3Pointer,
  options: ReadRecordsOptions,
): AsyncGenerator<JsonRecord[]> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const digest = new ContentDigest();
  const counts = { records: 0 };
  const onReject: RejectSink = (reject) => {
    counts.records++;
    options.onReject(reject);
  };
  const objects = openRecordObjects(s3, pointer, options.requireSuccessMarker === true);
  for await (const { key, body } of objects) {
    yield* decodeJsonLineBatches(hashed(body, digest), {
      source: key,
      onReject,
      maxLineBytes,
      counts,
      onRecordSize: options.onRecordSize,
    });
  }
  assertContent(
    pointer,
    { records: counts.records, bytes: digest.bytes, checksum: digest.value() },
    options.expected,
  );
}

async function* hashed(
  body: AsyncIterable<Uint8Array>,
  digest: ContentDigest,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    digest.update(chunk);
    yield chunk;
  }
}
