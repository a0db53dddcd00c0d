import type { S3Client } from '@aws-sdk/client-s3';
import { JsonLinesDecoder } from './jsonl-decoder.js';
import type { JsonRecord, RejectSink, S3Pointer } from './record-types.js';
import { openObjectStream, resolveRecordObjects } from './s3-objects.js';

/** The default cap on one line; longer lines are rejected, not buffered. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

export interface ReadRecordsOptions {
  /** Receives each line that is not a record. */
  readonly onReject: RejectSink;
  /** @default DEFAULT_MAX_LINE_BYTES (8 MiB) */
  readonly maxLineBytes?: number;
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
  for (const key of await resolveRecordObjects(s3, pointer)) {
    const body = await openObjectStream(s3, pointer.bucket, key);
    const decoder = new JsonLinesDecoder(key, maxLineBytes, options.onReject);
    const records: JsonRecord[] = [];
    for await (const chunk of body) {
      // Decode a whole chunk synchronously, then hand its records on: one await per chunk.
      decoder.push(chunk, records);
      yield* records;
      records.length = 0;
    }
    decoder.end(records);
    yield* records;
  }
}
