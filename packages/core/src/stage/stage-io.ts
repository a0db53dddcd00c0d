import type { S3Client } from '@aws-sdk/client-s3';
import { readJsonLines } from '../records/jsonl-reader.js';
import type { JsonRecord, RecordSizeSink, RejectSink, S3Pointer } from '../records/record-types.js';
import {
  copyObject,
  listObjects,
  type ObjectSummary,
  openObjectStream,
} from '../records/s3-objects.js';

/** The S3 operations a stage may ask the runtime for. Everything streams. */
export interface StageIO {
  /**
   * JSON Lines records of an object or a folder of part files; `onRecordSize` is told each
   * record's line length, for a stage that limits records by size.
   */
  readRecords(
    pointer: S3Pointer,
    onReject: RejectSink,
    onRecordSize?: RecordSizeSink,
  ): AsyncIterable<JsonRecord>;
  /** The raw bytes of one object, for formats the stage parses itself (CSV). */
  readBytes(pointer: S3Pointer): Promise<AsyncIterable<Uint8Array>>;
  /** Objects under a prefix, in key order. */
  listObjects(bucket: string, prefix: string): AsyncIterable<ObjectSummary>;
  /** A server-side copy: no bytes pass through the stage. */
  copyObject(from: S3Pointer, to: S3Pointer): Promise<void>;
}

/** The {@link StageIO} backed by an S3 client. */
export function createStageIO(s3: S3Client): StageIO {
  return {
    readRecords: (pointer, onReject, onRecordSize) =>
      readJsonLines(s3, pointer, { onReject, onRecordSize }),
    readBytes: (pointer) => openObjectStream(s3, pointer.bucket, pointer.key),
    listObjects: (bucket, prefix) => listObjects(s3, bucket, prefix),
    copyObject: (from, to) => copyObject(s3, from, to),
  };
}
