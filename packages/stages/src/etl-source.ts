import { type JsonRecord, type RejectDetail, type StageContext, toS3Uri } from '@ceap/core';
import { readCsvRecords } from './csv-source.js';
import { type EtlInput, formatOf, isMarkerObject, parseEtlInput } from './etl-input.js';
import { setOrigin } from './record-origin.js';
import { EtlRejectReason } from './reject-reasons.js';

/**
 * ETLStage's source: the raw records of the execution input, inline or from S3 (CSV or JSON
 * Lines, one object or every object under a prefix), streamed one at a time. What cannot be a
 * record is rejected here, with its object and line.
 */
export async function* readExecutionInput<Config>(
  ctx: StageContext<Config>,
): AsyncGenerator<JsonRecord> {
  const input = parseEtlInput(ctx.event.input, ctx.location, ctx.logicalDate);
  ctx.metric('inputMode', input.kind);
  if (input.kind === 'inline') {
    for (const message of input.messages) {
      if ('records' in message) {
        yield* inlineRecords(message.source, message.records, ctx);
      } else {
        ctx.reject(EtlRejectReason.MalformedMessage, {
          record: message.malformed ?? null,
          source: message.source,
          message: message.reason,
        });
      }
    }
    return;
  }
  let objects = 0;
  for await (const key of objectKeys(input, ctx)) {
    objects++;
    yield* objectRecords(input.bucket, key, ctx);
  }
  ctx.metric('inputObjects', objects);
  if (objects === 0 && input.kind === 'prefix') {
    ctx.logger.warn(
      { bucket: input.bucket, prefix: input.prefix },
      'no input objects under the prefix; the run has 0 records',
    );
  }
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
  input: Exclude<EtlInput, { kind: 'inline' }>,
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
  if (formatOf(key) === 'csv') {
    const bytes = await ctx.io.readBytes({ bucket, key });
    yield* readCsvRecords(bytes, source, (reason, detail) => ctx.reject(reason, detail));
    return;
  }
  for await (const record of ctx.io.readRecords({ bucket, key }, ({ reason, ...detail }) =>
    ctx.reject(reason, detail),
  )) {
    setOrigin(record, { source });
    yield record;
  }
}
