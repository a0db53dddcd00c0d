import type { DataLocation } from '@ceap/core';
import { InvalidExecutionInputError } from './errors.js';

/**
 * One message's inline records, labelled as rejects will name them (`input.records`, or
 * `input[2].records` for the third message of a pipe batch); or a message that has none.
 */
export type InlineMessage =
  | { readonly source: string; readonly records: readonly unknown[] }
  | { readonly source: string; readonly malformed: unknown; readonly reason: string };

/** What ETLStage reads: the records inline in the execution input, or objects in S3. */
export type EtlInput =
  | { readonly kind: 'inline'; readonly messages: readonly InlineMessage[] }
  | { readonly kind: 'object'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'prefix'; readonly bucket: string; readonly prefix: string };

/** The formats ETLStage reads, by file extension. */
export type InputFormat = 'csv' | 'jsonl';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads the execution input: `{ records: [...] }` (realtime), or
 * `{ logicalDate, source?: { bucket?, key?, prefix? } }` (batch). With no source, the objects
 * under `{keyPrefix}incoming/dt={logicalDate}/` in the data bucket are read.
 *
 * An EventBridge Pipe from SQS always delivers an array of message bodies, even for a batch of
 * one: `[{ records: [...] }, ...]`. Each message's records are read in turn; a message without
 * a `records` array is rejected whole, so the rest of the batch still runs.
 */
export function parseEtlInput(
  input: unknown,
  location: Required<DataLocation>,
  logicalDate: string,
): EtlInput {
  const defaultPrefix = `${location.keyPrefix}incoming/dt=${logicalDate}/`;
  if (input === undefined || input === null)
    return { kind: 'prefix', bucket: location.bucket, prefix: defaultPrefix };
  if (Array.isArray(input)) {
    return { kind: 'inline', messages: input.map((message, index) => pipeMessage(message, index)) };
  }
  if (typeof input !== 'object') {
    throw new InvalidExecutionInputError(
      `ETLStage input must be an object with "records" or "source", got ${kindOf(input)}`,
      'input',
    );
  }
  const { records, source } = input as { records?: unknown; source?: unknown };
  if (records !== undefined) {
    if (!Array.isArray(records)) {
      throw new InvalidExecutionInputError(
        `ETLStage input.records must be an array of records, got ${kindOf(records)}`,
        'input.records',
      );
    }
    return { kind: 'inline', messages: [{ source: 'input.records', records }] };
  }
  if (source === undefined || source === null)
    return { kind: 'prefix', bucket: location.bucket, prefix: defaultPrefix };
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new InvalidExecutionInputError(
      `ETLStage input.source must be an object { bucket?, key?, prefix? }, got ${kindOf(source)}`,
      'input.source',
    );
  }
  const {
    bucket = location.bucket,
    key,
    prefix,
  } = source as { bucket?: unknown; key?: unknown; prefix?: unknown };
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) {
    throw new InvalidExecutionInputError(
      `ETLStage input.source.bucket must be an S3 bucket name, got ${JSON.stringify(bucket)}`,
      'input.source.bucket',
    );
  }
  if (key !== undefined && prefix !== undefined) {
    throw new InvalidExecutionInputError(
      'ETLStage input.source must have either key or prefix, not both',
      'input.source',
    );
  }
  if (key !== undefined) {
    if (typeof key !== 'string' || key === '' || formatOf(key) === undefined) {
      throw new InvalidExecutionInputError(
        `ETLStage input.source.key must name a .csv, .json, .jsonl or .ndjson object, got ${JSON.stringify(key)}`,
        'input.source.key',
      );
    }
    return { kind: 'object', bucket, key };
  }
  if (prefix !== undefined && typeof prefix !== 'string') {
    throw new InvalidExecutionInputError(
      `ETLStage input.source.prefix must be a string, got ${kindOf(prefix)}`,
      'input.source.prefix',
    );
  }
  return { kind: 'prefix', bucket, prefix: prefix ?? defaultPrefix };
}

/** `.csv` is CSV with a header row; `.json`, `.jsonl` and `.ndjson` are JSON Lines. */
export function formatOf(key: string): InputFormat | undefined {
  const name = key.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.json') || name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/** Folder markers and the markers Spark and Hadoop write beside data (`_SUCCESS`, `.crc`). */
export function isMarkerObject(key: string): boolean {
  const name = key.split('/').pop() ?? '';
  return name === '' || name.startsWith('_') || name.startsWith('.') || name.endsWith('$folder$');
}

function pipeMessage(message: unknown, index: number): InlineMessage {
  const source = `input[${index}].records`;
  const records = (message as { records?: unknown } | null)?.records;
  if (typeof message === 'object' && message !== null && Array.isArray(records)) {
    return { source, records };
  }
  return {
    source: `input[${index}]`,
    malformed: message,
    reason: `input[${index}] must be a message { records: [...] }, got ${kindOf(message)}${
      typeof message === 'object' && message !== null ? ' without a records array' : ''
    }`,
  };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
