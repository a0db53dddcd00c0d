import type { JsonRecord } from '@ceap/core';

/** Where a raw record came from: the object and the line (for CSV, the line the row ends on). */
export interface RecordOrigin {
  readonly source: string;
  readonly line?: number;
  /**
   * The record's size in its source, in bytes (a JSON line, or a CSV row's fields and
   * delimiters), so ETL can limit records by size without serializing each one to measure it.
   */
  readonly bytes?: number;
}

/**
 * Origins of the raw records a source yields, kept beside the records rather than in them, so
 * the data is untouched and an entry goes away with its record.
 */
const origins = new WeakMap<JsonRecord, RecordOrigin>();

export function setOrigin(record: JsonRecord, origin: RecordOrigin): void {
  origins.set(record, origin);
}

export function originOf(record: JsonRecord): RecordOrigin | undefined {
  return origins.get(record);
}

/** `s3://bucket/key line 12`, for reject messages. */
export function describeOrigin(origin: RecordOrigin | undefined): string {
  if (!origin) return '';
  return origin.line === undefined ? origin.source : `${origin.source} line ${origin.line}`;
}
