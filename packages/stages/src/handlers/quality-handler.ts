import { createStageHandler } from '@ceap/core';
import { qualityStage } from '../quality-stage.js';

/**
 * The QualityStage Lambda handler. The S3 client and logger are built once per cold start; the
 * bucket and the stage's configuration are read on every invocation.
 */
export const handler = createStageHandler(qualityStage);
