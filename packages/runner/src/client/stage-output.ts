import type { S3Client } from '@aws-sdk/client-s3';
import { type JsonRecord, readJsonLines, type S3Pointer } from '@ceap/core';
import { RunnerUsageError } from '../errors.js';
import type { ExecutionDescription } from '../execution-types.js';

/** Parses `s3://bucket/key`. */
export function parseS3Uri(uri: string): S3Pointer {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new RunnerUsageError(`${JSON.stringify(uri)} is not an s3://bucket/key URI`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/**
 * Where a stage's output is: the named stage's, or by default the last stage that wrote one.
 * The message names the stage, and lists the stages that have an output.
 */
export function stageOutputUri(description: ExecutionDescription, stage?: string): string {
  const withOutput = description.stages.filter((s) => s.output !== undefined);
  if (stage === undefined) {
    const last = withOutput.at(-1);
    if (!last?.output) {
      throw new RunnerUsageError(`execution "${description.executionId}" has no stage output yet`);
    }
    return last.output;
  }
  const found = description.stages.find((s) => s.name === stage);
  if (!found) {
    throw new RunnerUsageError(
      `--stage ${JSON.stringify(stage)} is not a stage of ${description.workflow}; expected one of: ${description.stages
        .map((s) => s.name)
        .join(', ')}`,
    );
  }
  if (!found.output) {
    throw new RunnerUsageError(
      `--stage ${stage} has no output in execution "${description.executionId}" (status ${found.status})`,
    );
  }
  return found.output;
}

/** Streams the records at an output URI; lines that are not records are skipped. */
export function readStageRecords(s3: S3Client, uri: string): AsyncIterable<JsonRecord> {
  return readJsonLines(s3, parseS3Uri(uri), { onReject: () => undefined });
}
