import { ConfigurationError, defineStage, type StageDefinition, toS3Uri } from '@ceap/core';
import { ScoredRecordRejectReason } from './reject-reasons.js';
import { isScored, notScoredField, notScoredMessage } from './scored-record.js';
import { StageName } from './stage-names.js';

/** Options for {@link createStoreStage}. */
export interface StoreStageOptions {
  /** The dataset's folder name under `datasets/`. @default 'candidates' */
  readonly dataset?: string;
}

const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * `{keyPrefix}datasets/{dataset}/dt={logicalDate}/{runKey}.json`: one object per logical input
 * in an Athena (Hive-style) partition. The run key names the input, not the execution, so a
 * redelivered message, a pipe's retry or a rerun of the same day replaces its object instead
 * of adding a second copy of the same records; a different message adds its own.
 */
export function datasetKey(
  keyPrefix: string,
  dataset: string,
  logicalDate: string,
  runKey: string,
): string {
  return `${keyPrefix}datasets/${dataset}/dt=${logicalDate}/${runKey}.json`;
}

/**
 * Creates StoreStage: writes the scored candidates to the serving dataset, partitioned for
 * Athena by logical date. Its output is its input unchanged (a server-side copy, unless a record
 * is rejected as not scored); once stored, the output is copied server-side to `datasets/candidates/dt={logicalDate}/{runKey}.json`. The key is
 * fixed per logical input, so running the same input again, under any execution name,
 * replaces the object and never duplicates it.
 *
 * @example
 * const store = createStoreStage({ dataset: 'candidates_v2' });
 */
export function createStoreStage(options: StoreStageOptions = {}): StageDefinition {
  const dataset = options.dataset ?? 'candidates';
  if (!DATASET_NAME.test(dataset)) {
    throw new ConfigurationError(
      `createStoreStage options.dataset must be 1-63 characters of a-z 0-9 _ - starting with a letter or digit, got ${JSON.stringify(dataset)}`,
    );
  }
  return defineStage({
    name: StageName.Store,
    description: 'Stores scored candidates in the Athena-partitioned serving dataset',
    access: { readWritePrefixes: ['datasets/'] },
    // It stores what Score wrote: the output is a server-side copy of its input.
    passThrough: true,
    async *transform(records, ctx) {
      for await (const record of records) {
        if (isScored(record)) yield record;
        else
          ctx.reject(ScoredRecordRejectReason.NotScored, {
            record,
            field: notScoredField(record),
            message: notScoredMessage(record),
          });
      }
    },
    async finalize(result, ctx) {
      const target = {
        bucket: result.bucket,
        key: datasetKey(ctx.location.keyPrefix, dataset, result.logicalDate, result.runKey),
      };
      await ctx.io.copyObject({ bucket: result.bucket, key: result.key }, target);
      ctx.logger.info(
        { dataset: toS3Uri(target.bucket, target.key), records: result.records },
        'dataset partition stored',
      );
      return {
        datasetBucket: target.bucket,
        datasetKey: target.key,
        datasetRecords: result.records,
      };
    },
  });
}

/** StoreStage writing to `datasets/candidates/`. */
export const storeStage: StageDefinition = createStoreStage();
