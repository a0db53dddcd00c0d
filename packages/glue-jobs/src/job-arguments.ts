import { posix } from 'node:path';
import {
  assertStageName,
  type DataLocation,
  describeValue,
  EXECUTION_ID_RULE,
  executionPrefix,
  GLUE_JOB_ARGUMENT_NAMES,
  GlueJobArgument,
  type GlueJobArguments,
  isExecutionId,
  isLogicalDate,
} from '@ceap/core';
import { GlueJobArgumentError } from './errors.js';

/**
 * The arguments the compiled state machine sends the heavy-ETL job, exactly as it sends them:
 * `--executionId`, `--workflow`, `--bucket`, `--inputKey`, `--outputKey`, `--logicalDate`
 * (core's {@link GlueJobArguments}; the names are `GLUE_JOB_ARGUMENT_NAMES`).
 */
export type HeavyEtlJobArguments = GlueJobArguments;

/**
 * The run key (`StageResult.runKey`) of the step's upstream. Every step's result carries its
 * run's key, and the job records it in its manifest entry; the compiled state machine does not
 * send it yet (it is not among core's `GLUE_JOB_ARGUMENT_NAMES`), so the job takes it when it
 * is given. Python reads the same name (`OPTIONAL` in `ceap_heavy_etl/arguments.py`), and
 * tests/vectors/glue-job-arguments.json holds it for both.
 */
export const RUN_KEY_ARGUMENT = '--runKey';
/** A run key: 32 lowercase hex digits, as core's `logicalInputKey` makes it. */
const RUN_KEY = /^[0-9a-f]{32}$/;

/** Checked job arguments and the keys derived from them. */
export interface CheckedJobArguments {
  readonly executionId: string;
  /** The workflow recorded in the stage result and the manifest. */
  readonly workflow: string;
  readonly bucket: string;
  readonly keyPrefix: string;
  readonly inputKey: string;
  /** `{executionPrefix}/{stage}/output.json`, written as a folder of part files. */
  readonly outputKey: string;
  /** The sibling of the output: `{executionPrefix}/{stage}/rejects.json`. */
  readonly rejectsKey: string;
  readonly executionPrefix: string;
  /** The output's folder name, e.g. `HeavyETLStage`: the stage's name in the manifest. */
  readonly stage: string;
  readonly logicalDate: string;
  /** The upstream's run key, when {@link RUN_KEY_ARGUMENT} was sent. */
  readonly runKey?: string;
}

/** Every argument a run must receive: core's list, shared with the compiler and Python. */
const ARGUMENT_NAMES = GLUE_JOB_ARGUMENT_NAMES;
/** The object a stage writes its records to, as the compiled ASL names it. */
const OUTPUT_OBJECT = 'output.json';
const REJECTS_OBJECT = 'rejects.json';

/**
 * Checks the job arguments before anything reaches S3. The executionId must be a valid
 * execution name, and the output must be `{executionPrefix}/{stage}/output.json` inside that
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
  const executionId = args[GlueJobArgument.ExecutionId];
  if (!isExecutionId(executionId)) {
    throw new GlueJobArgumentError(
      GlueJobArgument.ExecutionId,
      `${describeValue(executionId)} ${EXECUTION_ID_RULE}`,
    );
  }
  const bucket = args[GlueJobArgument.Bucket];
  if (bucket !== location.bucket) {
    throw new GlueJobArgumentError(
      GlueJobArgument.Bucket,
      `${describeValue(bucket)} must be the data bucket "${location.bucket}"`,
    );
  }
  const logicalDate = args[GlueJobArgument.LogicalDate];
  if (!isLogicalDate(logicalDate)) {
    throw new GlueJobArgumentError(
      GlueJobArgument.LogicalDate,
      `${describeValue(logicalDate)} must be a calendar date written YYYY-MM-DD`,
    );
  }
  const keyPrefix = location.keyPrefix ?? '';
  const prefix = executionPrefix(executionId, keyPrefix);
  const outputKey = args[GlueJobArgument.OutputKey];
  const stage = stageOf(outputKey, prefix);
  const rejectsKey = posix.join(prefix, stage, REJECTS_OBJECT);
  const inputKey = args[GlueJobArgument.InputKey];
  for (const written of [outputKey, rejectsKey]) {
    if (
      inputKey === written ||
      inputKey.startsWith(`${written}/`) ||
      written.startsWith(`${inputKey}/`)
    ) {
      throw new GlueJobArgumentError(
        GlueJobArgument.InputKey,
        `${describeValue(inputKey)} overlaps what the job writes (${written})`,
      );
    }
  }
  const runKey = optionalRunKey(args);
  return {
    executionId,
    workflow: args[GlueJobArgument.Workflow],
    bucket,
    keyPrefix,
    inputKey,
    outputKey,
    rejectsKey,
    executionPrefix: prefix,
    stage,
    logicalDate,
    ...(runKey !== undefined && { runKey }),
  };
}

function optionalRunKey(args: HeavyEtlJobArguments): string | undefined {
  const value: unknown = (args as Readonly<Record<string, unknown>>)[RUN_KEY_ARGUMENT];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !RUN_KEY.test(value)) {
    throw new GlueJobArgumentError(
      RUN_KEY_ARGUMENT,
      `${describeValue(value)} must be 32 lowercase hex digits (a StageResult's runKey)`,
    );
  }
  return value;
}

/** The stage's name: the folder of `{prefix}/{stage}/output.json`, a valid stage name. */
function stageOf(outputKey: string, prefix: string): string {
  const below = outputKey.startsWith(`${prefix}/`)
    ? outputKey.slice(prefix.length + 1).split('/')
    : [];
  const [stage, objectName] = below;
  const expected = `must be ${prefix}/{stage}/${OUTPUT_OBJECT}, inside the execution's prefix`;
  if (below.length !== 2 || !stage || objectName !== OUTPUT_OBJECT) {
    throw new GlueJobArgumentError(
      GlueJobArgument.OutputKey,
      `${describeValue(outputKey)} ${expected}`,
    );
  }
  try {
    assertStageName(stage);
  } catch (error) {
    throw new GlueJobArgumentError(
      GlueJobArgument.OutputKey,
      `${describeValue(outputKey)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return stage;
}
