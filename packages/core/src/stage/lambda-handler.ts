import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { ConfigurationError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createS3Client } from '../s3-client.js';
import { runStage } from './run-stage.js';
import type { StageDefinition, StageEvent, StageResult } from './stage-contract.js';

/** Environment variables every stage function reads. */
export const StageEnv = {
  /** The data bucket the stage writes to. Required. */
  DataBucket: 'CEAP_DATA_BUCKET',
  /** An optional key prefix, e.g. `team-a/`. */
  KeyPrefix: 'CEAP_KEY_PREFIX',
  /** An S3-compatible endpoint, for tests and local runs. Unset on AWS. */
  S3Endpoint: 'CEAP_S3_ENDPOINT',
} as const;

export interface StageHandlerOptions {
  /** @default built once per cold start from the environment */
  readonly s3?: S3Client;
  readonly logger?: Logger;
}

/**
 * Wraps a stage as a Lambda handler. Clients and the logger are built once per cold start;
 * the bucket and the stage's own configuration are read on every invocation.
 *
 * @example
 * export const handler = createStageHandler(filterStage);
 */
export function createStageHandler<Config>(
  stage: StageDefinition<Config>,
  options: StageHandlerOptions = {},
): (event: StageEvent) => Promise<StageResult> {
  const s3 =
    options.s3 ?? createS3Client({ endpoint: process.env[StageEnv.S3Endpoint] || undefined });
  const logger = options.logger ?? createLogger();
  return async (event) => {
    const bucket = process.env[StageEnv.DataBucket];
    if (!bucket) {
      throw new ConfigurationError(
        `${StageEnv.DataBucket} must name the data bucket; it is not set`,
      );
    }
    return runStage(stage, event, {
      s3,
      logger,
      location: { bucket, keyPrefix: process.env[StageEnv.KeyPrefix] ?? '' },
      env: process.env,
    });
  };
}
