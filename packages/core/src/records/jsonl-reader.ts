import type { S3Client } from '@aws-sdk/client-s3';
import { assertContent, ContentDigest, type ContentSummary } from './content-digest.js';
import { JsonLinesDecoder } from './jsonl-decoder.js';
import type { JsonRecord, RejectSink, S3Pointer } from './record-types.js';
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
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const digest = new ContentDigest();
  let lines = 0;
  const onReject: RejectSink = (reject) => {
    lines++;
    options.onReject(reject);
  };
  const objects = openRecordObjects(s3, pointer, options.requireSuccessMarker === true);
  for await (const { key, body } of objects) {
    const decoder = new JsonLinesDecoder(key, maxLineBytes, onReject);
    const records: JsonRecord[] = [];
    for await (const chunk of body) {
      digest.update(chunk);
      // Decode a whole chunk synchronously, then hand its records on: one await per chunk.
      decoder.push(chunk, records);
      lines += records.length;
      yield* records;
      records.length = 0;
    }
    decoder.end(records);
    lines += records.length;
    yield* records;
  }
  assertContent(
    pointer,
    { records: lines, bytes: digest.bytes, checksum: digest.value() },
    options.expected,
  );
}
