import { logicalInputKey } from '@ceap/core';
import type { HeavyEtlJobArguments } from '../../src/index.js';
import { TEST_BUCKET } from './embedded-s3.js';

/** The arguments the compiled batch state machine would send for an execution. */
export function jobArguments(
  executionId: string,
  logicalDate = '2024-05-01',
  keyPrefix = '',
  workflow = 'batch',
  stage = 'HeavyETLStage',
): HeavyEtlJobArguments {
  const prefix = `${keyPrefix}executions/${executionId}`;
  return {
    '--executionId': executionId,
    '--workflow': workflow,
    '--bucket': TEST_BUCKET,
    '--inputKey': `${prefix}/FilterStage/output.json`,
    '--outputKey': `${prefix}/${stage}/output.json`,
    '--logicalDate': logicalDate,
    // The key the run of `{ logicalDate }` carries from its first step.
    '--runKey': logicalInputKey({ logicalDate }, logicalDate),
  };
}
