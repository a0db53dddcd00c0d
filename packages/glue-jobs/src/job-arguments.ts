import { posix } from 'node:path';
import {
  type DataLocation,
  describeValue,
  EXECUTION_ID_RULE,
  executionPrefix,
  isExecutionId,
  isLogicalDate,
} from '@ceap/core';
import { GlueJobArgumentError } from './errors.js';

/** The arguments the compiled batch state machine sends the Glue job, exactly as it sends them. */
export interface HeavyEtlJobArguments {
  readonly '--executionId': string;
  readonly '--bucket': string;
  /** FilterStage's output: one JSON Lines object or a folder of part files. */
  readonly '--inputKey': string;
  /** `{executionPrefix}/HeavyETLStage/output.json`, written as a folder of part files. */
  readonly '--outputKey': string;
  readonly '--logicalDate': string;
}

/** Checked job arguments and the keys derived from them. */
export interface CheckedJobArguments {
  readonly executionId: string;
  readonly bucket: string;
  readonly keyPrefix: string;
  readonly inputKey: string;
  readonly outputKey: string;
  /** The sibling of the output: `{executionPrefix}/{stage}/rejects.json`. */
  readonly rejectsKey: string;
  readonly executionPrefix: string;
  /** The output's folder name, e.g. `HeavyETLStage`: the stage's name in the manifest. */
  readonly stage: string;
  readonly logicalDate: string;
}

const ARGUMENT_NAMES = [
  '--executionId',
  '--bucket',
  '--inputKey',
  '--outputKey',
  '--logicalDate',
] as const;
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const REJECTS_OBJECT = 'rejects.json';

/**
 * Checks the job arguments before anything reaches S3. The executionId must be a valid
 * execution name, and the output must be `{executionPrefix}/{stage}/{object}` inside that
 * execution's own prefix, so no argument can make the job write outside its execution.
 */
export function checkJobArguments(
  args: HeavyEtlJobArguments,
  location: DataLocation,
): CheckedJobArguments {
  if (typeof args !== 'object' || args === null) {
    throw new GlueJobArgumentError(
      'arguments',
      `must be an object with ${ARGUMENT_NAMES.join(', ')}`,
    );
  }
  for (const name of ARGUMENT_NAMES) {
    const value: unknown = args[name];
    if (typeof value !== 'string' || value === '') {
      throw new GlueJobArgumentError(name, `is required, got ${describeValue(value)}`);
    }
  }
  const executionId = args['--executionId'];
  if (!isExecutionId(executionId)) {
    throw new GlueJobArgumentError(
      '--executionId',
      `${describeValue(executionId)} ${EXECUTION_ID_RULE}`,
    );
  }
  const bucket = args['--bucket'];
  if (bucket !== location.bucket) {
    throw new GlueJobArgumentError(
      '--bucket',
      `${describeValue(bucket)} must be the data bucket "${location.bucket}"`,
    );
  }
  const logicalDate = args['--logicalDate'];
  if (!isLogicalDate(logicalDate)) {
    throw new GlueJobArgumentError(
      '--logicalDate',
      `${describeValue(logicalDate)} must be a calendar date written YYYY-MM-DD`,
    );
  }
  const keyPrefix = location.keyPrefix ?? '';
  const prefix = executionPrefix(executionId, keyPrefix);
  const outputKey = args['--outputKey'];
  const below = outputKey.startsWith(`${prefix}/`)
    ? outputKey.slice(prefix.length + 1).split('/')
    : [];
  const [stage, objectName] = below;
  if (
    below.length !== 2 ||
    !stage ||
    !objectName ||
    !PLAIN_NAME.test(stage) ||
    !PLAIN_NAME.test(objectName)
  ) {
    throw new GlueJobArgumentError(
      '--outputKey',
      `${describeValue(outputKey)} must be ${prefix}/{stage}/{object}, inside the execution's prefix`,
    );
  }
  if (objectName === REJECTS_OBJECT) {
    throw new GlueJobArgumentError(
      '--outputKey',
      `${describeValue(outputKey)} must not be the stage's ${REJECTS_OBJECT}`,
    );
  }
  const rejectsKey = posix.join(prefix, stage, REJECTS_OBJECT);
  const inputKey = args['--inputKey'];
  for (const written of [outputKey, rejectsKey]) {
    if (
      inputKey === written ||
      inputKey.startsWith(`${written}/`) ||
      written.startsWith(`${inputKey}/`)
    ) {
      throw new GlueJobArgumentError(
        '--inputKey',
        `${describeValue(inputKey)} overlaps what the job writes (${written})`,
      );
    }
  }
  return {
    executionId,
    bucket,
    keyPrefix,
    inputKey,
    outputKey,
    rejectsKey,
    executionPrefix: prefix,
    stage,
    logicalDate,
  };
}
