import type { DataLocation } from '@ceap/core';
import { InvalidExecutionInputError } from './errors.js';

/** One unit of ETLStage's input: inline records (labelled as rejects name them), or files. */
export type EtlUnit =
  | { readonly kind: 'inline'; readonly source: string; readonly records: readonly unknown[] }
  | { readonly kind: 'object'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'prefix'; readonly bucket: string; readonly prefix: string };

/** What ETLStage reads: one unit per message (an EventBridge Pipe batch has several). */
export interface EtlInput {
  readonly units: readonly EtlUnit[];
}

/** The formats ETLStage reads, by file extension. */
export type InputFormat = 'csv' | 'jsonl';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads the execution input. A message is `{ records: [...] }` (inline records, realtime) or
 * `{ logicalDate?, scheduledTime?, source?: { bucket?, key?, prefix? } }` (files, batch): with
 * no source, the objects under `{keyPrefix}incoming/dt={logicalDate}/` are read.
 *
 * An EventBridge Pipe from SQS always delivers an array of message bodies, even for a batch of
 * one, so an array is read message by message, each as its own unit. A message that is neither
 * shape (`{}`, `{ "Records": [...] }`, a string) fails the run with
 * {@link InvalidExecutionInputError} naming it, so SQS keeps it (and, after its retries, sends it
 * to the dead-letter queue) rather than a run succeeding with nothing read.
 */
export function parseEtlInput(
  input: unknown,
  location: Required<DataLocation>,
  logicalDate: string,
): EtlInput {
  const defaultPrefix = `${location.keyPrefix}incoming/dt=${logicalDate}/`;
  if (Array.isArray(input)) {
    if (input.length === 0) {
      throw new InvalidExecutionInputError('ETLStage input is an empty batch of messages', 'input');
    }
    return { units: input.map((m, i) => parseMessage(m, `input[${i}]`, location, defaultPrefix)) };
  }
  return { units: [parseMessage(input, 'input', location, defaultPrefix)] };
}

const FILE_FIELDS = ['logicalDate', 'scheduledTime', 'source'];

function parseMessage(
  message: unknown,
  at: string,
  location: Required<DataLocation>,
  defaultPrefix: string,
): EtlUnit {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new InvalidExecutionInputError(
      `ETLStage ${at} must be an object with "records", or "logicalDate"/"source", got ${kindOf(message)}`,
      at,
    );
  }
  const { records, source } = message as { records?: unknown; source?: unknown };
  if (records !== undefined) {
    if (!Array.isArray(records)) {
      throw new InvalidExecutionInputError(
        `ETLStage ${at}.records must be an array of records, got ${kindOf(records)}`,
        `${at}.records`,
      );
    }
    return { kind: 'inline', source: `${at}.records`, records };
  }
  if (!FILE_FIELDS.some((field) => field in message)) {
    const keys = Object.keys(message).slice(0, 10);
    throw new InvalidExecutionInputError(
      `ETLStage ${at} has ${keys.length === 0 ? 'no keys' : `keys [${keys.join(', ')}]`}: expected "records" (inline records) or "logicalDate"/"source" (files in S3)`,
      at,
    );
  }
  if (source === undefined || source === null) {
    return { kind: 'prefix', bucket: location.bucket, prefix: defaultPrefix };
  }
  return parseSource(source, `${at}.source`, location, defaultPrefix);
}

function parseSource(
  source: unknown,
  at: string,
  location: Required<DataLocation>,
  defaultPrefix: string,
): EtlUnit {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new InvalidExecutionInputError(
      `ETLStage ${at} must be an object { bucket?, key?, prefix? }, got ${kindOf(source)}`,
      at,
    );
  }
  const {
    bucket = location.bucket,
    key,
    prefix,
  } = source as { bucket?: unknown; key?: unknown; prefix?: unknown };
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) {
    throw new InvalidExecutionInputError(
      `ETLStage ${at}.bucket must be an S3 bucket name, got ${JSON.stringify(bucket)}`,
      `${at}.bucket`,
    );
  }
  if (bucket !== location.bucket) {
    throw new InvalidExecutionInputError(
      `ETLStage ${at}.bucket must be the data bucket ${JSON.stringify(location.bucket)}, got ${JSON.stringify(bucket)}: the stage reads no other bucket`,
      `${at}.bucket`,
    );
  }
  if (key !== undefined && prefix !== undefined) {
    throw new InvalidExecutionInputError(
      `ETLStage ${at} must have either key or prefix, not both`,
      at,
    );
  }
  if (key !== undefined) {
    if (typeof key !== 'string' || key === '' || formatOf(key) === undefined) {
      throw new InvalidExecutionInputError(
        `ETLStage ${at}.key must name a .csv, .json, .jsonl or .ndjson object (optionally .gz), got ${JSON.stringify(key)}`,
        `${at}.key`,
      );
    }
    return { kind: 'object', bucket, key };
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.replace(/\/+$/, '') === '')) {
    throw new InvalidExecutionInputError(
      `ETLStage ${at}.prefix must be a non-empty key prefix (it would list the whole bucket), got ${typeof prefix === 'string' ? JSON.stringify(prefix) : kindOf(prefix)}`,
      `${at}.prefix`,
    );
  }
  return { kind: 'prefix', bucket, prefix: prefix ?? defaultPrefix };
}

/**
 * `.csv` is CSV with a header row; `.json`, `.jsonl` and `.ndjson` are JSON Lines (or one JSON
 * array); each may end in `.gz`.
 */
export function formatOf(key: string): InputFormat | undefined {
  // `x.csv.gz` is gzip-compressed CSV: the bytes are decompressed, the format is the inner name's.
  const name = key.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.json') || name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** Folder markers and the markers Spark and Hadoop write beside data (`_SUCCESS`, `.crc`). */
export function isMarkerObject(key: string): boolean {
  const name = key.split('/').pop() ?? '';
  return name === '' || name.startsWith('_') || name.startsWith('.') || name.endsWith('$folder$');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
