import {
  ConfigurationError,
  defineStage,
  type JsonRecord,
  type RejectDetail,
  type StageDefinition,
} from '@ceap/core';
import {
  type NormalizeFailure,
  normalizeCandidate,
  serializedSize,
} from './candidate-normalizer.js';
import { isUnset } from './config-source.js';
import { MAX_STATE_PAYLOAD_BYTES, readExecutionInput } from './etl-source.js';
import { describeOrigin, originOf, type RecordOrigin } from './record-origin.js';
import { EtlRejectReason } from './reject-reasons.js';
import { StageName } from './stage-names.js';
import { StagesEnv } from './stages-env.js';

/** ETLStage's configuration, read per invocation. */
export interface EtlConfig {
  /**
   * The largest raw record accepted, in bytes: its line in a JSON Lines file, its fields and
   * delimiters in a CSV file, else (inline records, JSON arrays) its size as JSON.
   */
  readonly maxRecordBytes: number;
  /** The largest input with inline `records`, in bytes (its JSON size). */
  readonly maxInlineInputBytes: number;
}

/** Options for {@link createEtlStage}; an option set here wins over the environment. */
export interface EtlStageOptions {
  /** @default `CEAP_ETL_MAX_RECORD_BYTES`, else 65536 */
  readonly maxRecordBytes?: number;
  /**
   * The largest execution input with inline `records`, in bytes. Step Functions refuses more
   * than 256 KiB, so raise it only where the stage is called directly (`runStage`, a Lambda
   * invoked without Step Functions).
   * @default 262144 (MAX_STATE_PAYLOAD_BYTES)
   */
  readonly maxInlineInputBytes?: number;
}

/** A candidate record is a few hundred bytes; 64 KiB leaves room for any honest one. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024;

/**
 * Creates ETLStage: reads the execution input (inline `records`, or CSV / JSON Lines objects in
 * S3) and normalizes each raw candidate: maps field aliases, trims strings, lower-cases emails,
 * parses dates to ISO-8601 UTC and coerces numbers. A record it cannot normalize is rejected
 * with the field and the reason.
 *
 * @example
 * const etl = createEtlStage({ maxRecordBytes: 16_384 });
 * await runStage(etl, { executionId: 'run-1', input: { records: [{ cust_id: 'c1', updated_at: '2026-03-11' }] } }, deps);
 */
export function createEtlStage(options: EtlStageOptions = {}): StageDefinition<EtlConfig> {
  if (options.maxRecordBytes !== undefined)
    checkMaxRecordBytes('createEtlStage options.maxRecordBytes', options.maxRecordBytes);
  if (options.maxInlineInputBytes !== undefined)
    checkMaxRecordBytes('createEtlStage options.maxInlineInputBytes', options.maxInlineInputBytes);
  return defineStage<EtlConfig>({
    name: StageName.ETL,
    description: 'Normalizes raw candidate records from the execution input or from S3',
    // The execution input may point at CSV or JSON Lines files the producer dropped in incoming/.
    access: { readPrefixes: ['incoming/'] },
    loadConfig: (env) => ({
      maxRecordBytes: options.maxRecordBytes ?? maxRecordBytesFrom(env),
      maxInlineInputBytes: options.maxInlineInputBytes ?? MAX_STATE_PAYLOAD_BYTES,
    }),
    source: (ctx) => readExecutionInput(ctx, ctx.config.maxInlineInputBytes),
    async *transform(records, ctx) {
      for await (const raw of records) {
        const origin = originOf(raw);
        const result = normalizeCandidate(raw, ctx.config.maxRecordBytes, origin?.bytes);
        if (result.ok) {
          yield result.record as unknown as JsonRecord;
          continue;
        }
        const failure = writableFailure(raw, result.failure, origin);
        const where = describeOrigin(origin);
        const unserializable = failure.reason === EtlRejectReason.Unserializable;
        const detail: RejectDetail = {
          record: unserializable ? { keys: Object.keys(raw).slice(0, 50) } : raw,
          ...(failure.field === undefined ? {} : { field: failure.field }),
          ...(origin === undefined ? {} : { source: origin.source, line: origin.line }),
          message: where ? `${where}: ${failure.message}` : failure.message,
        };
        ctx.reject(failure.reason, detail);
      }
    },
  });
}

/** ETLStage configured from the environment. */
export const etlStage: StageDefinition<EtlConfig> = createEtlStage();

/**
 * A record measured by its line was never serialized, so before the rejects write it whole, it
 * is checked the way a record without a line is checked up front: one nested too deeply for
 * JSON.stringify is rejected as unserializable, with only its keys kept.
 */
function writableFailure(
  raw: JsonRecord,
  failure: NormalizeFailure,
  origin: RecordOrigin | undefined,
): NormalizeFailure {
  if (origin?.bytes === undefined || serializedSize(raw) !== undefined) return failure;
  return {
    reason: EtlRejectReason.Unserializable,
    message: 'record cannot be written back as JSON (nested too deeply)',
  };
}

function maxRecordBytesFrom(env: NodeJS.ProcessEnv): number {
  const value = env[StagesEnv.EtlMaxRecordBytes];
  if (isUnset(value)) return DEFAULT_MAX_RECORD_BYTES;
  const bytes = Number(value.trim());
  checkMaxRecordBytes(StagesEnv.EtlMaxRecordBytes, bytes, value);
  return bytes;
}

function checkMaxRecordBytes(name: string, bytes: number, shown: unknown = bytes): void {
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ConfigurationError(
      `${name} must be a whole number of bytes >= 1, got ${JSON.stringify(shown)}`,
    );
  }
}
