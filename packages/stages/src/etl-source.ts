import { type JsonRecord, type RejectDetail, type StageContext, toS3Uri } from '@ceap/core';
import { readCsvRecords } from './csv-source.js';
import { ExecutionInputTooLargeError, InputDecodingError } from './errors.js';
import { type EtlUnit, formatOf, isMarkerObject, parseEtlInput } from './etl-input.js';
import { decodeInputBytes } from './input-decoding.js';
import { readJsonTextRecords } from './json-text-source.js';
import { setOrigin } from './record-origin.js';
import { EtlRejectReason } from './reject-reasons.js';

/**
 * ETLStage's source: the raw records of the execution input, inline or from S3 (CSV or JSON
 * Lines, one object or every object under a prefix), streamed one at a time. What cannot be a
 * record is rejected here, with its object and line.
 */
export async function* readExecutionInput<Config>(
  ctx: StageContext<Config>,
  maxInlineInputBytes: number = MAX_STATE_PAYLOAD_BYTES,
): AsyncGenerator<JsonRecord> {
  const { units } = parseEtlInput(ctx.event.input, ctx.location, ctx.logicalDate);
  if (units.some((unit) => unit.kind === 'inline'))
    checkInlineSize(ctx.event.input, maxInlineInputBytes);
  ctx.metric('inputMode', [...new Set(units.map((unit) => unit.kind))].join('+'));
  let objects = 0;
  for (const unit of units) {
    if (unit.kind === 'inline') {
      yield* inlineRecords(unit.source, unit.records, ctx);
      continue;
    }
    let unitObjects = 0;
    for await (const key of objectKeys(unit, ctx)) {
      unitObjects++;
      yield* objectRecords(unit.bucket, key, ctx);
    }
    objects += unitObjects;
    if (unitObjects === 0 && unit.kind === 'prefix') {
      ctx.logger.warn(
        { bucket: unit.bucket, prefix: unit.prefix },
        'no input objects under the prefix; this message has 0 records',
      );
    }
  }
  if (units.some((unit) => unit.kind !== 'inline')) ctx.metric('inputObjects', objects);
}

/** Step Functions refuses an execution input or state payload over 256 KiB. */
export const MAX_STATE_PAYLOAD_BYTES = 256 * 1024;

function checkInlineSize(input: unknown, limit: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
  if (bytes <= limit) return;
  throw new ExecutionInputTooLargeError(
    `ETLStage input has ${bytes} bytes of inline records; the limit is ${limit} (Step Functions refuses payloads over 256 KiB). Put the records in S3 as JSON Lines or CSV and pass "source": { "key": "incoming/..." } instead of "records"`,
    'input.records',
    bytes,
  );
}

function* inlineRecords<Config>(
  source: string,
  records: readonly unknown[],
  ctx: StageContext<Config>,
): Generator<JsonRecord> {
  for (let index = 0; index < records.length; index++) {
    const item = records[index];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      const got = item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item;
      const detail: RejectDetail = {
        record: item ?? null,
        source,
        line: index + 1,
        message: `${source}[${index}] must be an object, got ${got}`,
      };
      ctx.reject(EtlRejectReason.NotAnObject, detail);
      continue;
    }
    setOrigin(item as JsonRecord, { source, line: index + 1 });
    yield item as JsonRecord;
  }
}

async function* objectKeys<Config>(
  input: Exclude<EtlUnit, { kind: 'inline' }>,
  ctx: StageContext<Config>,
): AsyncGenerator<string> {
  if (input.kind === 'object') {
    yield input.key;
    return;
  }
  for await (const object of ctx.io.listObjects(input.bucket, input.prefix)) {
    if (isMarkerObject(object.key)) continue;
    if (formatOf(object.key) === undefined) {
      const detail: RejectDetail = {
        source: toS3Uri(input.bucket, object.key),
        message: `${toS3Uri(input.bucket, object.key)} is not .csv, .json, .jsonl or .ndjson; it was not read`,
      };
      ctx.reject(EtlRejectReason.UnsupportedFormat, detail);
      continue;
    }
    yield object.key;
  }
}

async function* objectRecords<Config>(
  bucket: string,
  key: string,
  ctx: StageContext<Config>,
): AsyncGenerator<JsonRecord> {
  const source = toS3Uri(bucket, key);
  const onReject = (reason: string, detail: RejectDetail) => ctx.reject(reason, detail);
  let raw: AsyncIterable<Uint8Array>;
  try {
    raw = await ctx.io.readBytes({ bucket, key });
  } catch (error) {
    // A JSON key may name a folder of part files (a Spark output): core's reader lists it.
    if (formatOf(key) !== 'jsonl' || (error as Error).name !== 'NoSuchKey') throw error;
    yield* jsonLinesRecords(bucket, key, ctx);
    return;
  }
  try {
    const decoded = await decodeInputBytes(raw);
    ctx.metric(`inputEncoding.${decoded.encoding}`, 1);
    if (formatOf(key) === 'csv') {
      yield* readCsvRecords(decoded.bytes, source, onReject);
    } else if (decoded.encoding === 'utf8' && decoded.head.toString() !== '[') {
      // Plain JSON Lines streams through core's reader; the peeked GET is let go.
      await decoded.close();
      yield* jsonLinesRecords(bucket, key, ctx);
    } else {
      yield* readJsonTextRecords(decoded.bytes, source, onReject);
    }
  } catch (error) {
    if (!(error instanceof InputDecodingError)) throw error;
    ctx.reject(EtlRejectReason.InvalidEncoding, {
      source,
      message: `${source}: ${error.message}; the rest of the object was not read`,
    });
  }
}

async function* jsonLinesRecords<Config>(
  bucket: string,
  key: string,
  ctx: StageContext<Config>,
): AsyncGenerator<JsonRecord> {
  const source = toS3Uri(bucket, key);
  yield* ctx.io.readRecords(
    { bucket, key },
    ({ reason, ...detail }) => ctx.reject(reason, detail),
    (record, bytes) => setOrigin(record, { source, bytes }),
  );
}
