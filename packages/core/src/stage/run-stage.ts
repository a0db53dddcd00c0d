import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { ConfigurationError, FatalStageError } from '../errors.js';
import { parseExecutionId } from '../execution-id.js';
import { createLogger } from '../logger.js';
import { AsyncQueue } from '../records/async-queue.js';
import { writeJsonLines } from '../records/jsonl-writer.js';
import type { RecordReject, S3Pointer } from '../records/record-types.js';
import {
  type DataLocation,
  executionPrefix,
  normalizeKeyPrefix,
  stageObjectKey,
  stageOutputKey,
  stageRejectsKey,
} from '../s3-keys.js';
import { classifyStageError } from './error-classification.js';
import { resolveLogicalDate } from './logical-date.js';
import { recordStageInManifest } from './manifest.js';
import { prepareLayout } from './output-layout.js';
import { SideOutputs, settle } from './side-outputs.js';
import {
  OutputLayout,
  type RejectDetail,
  type StageContext,
  type StageDefinition,
  type StageEvent,
  type StageResult,
  summarizeStageResult,
} from './stage-contract.js';
import { counted, StageCounts } from './stage-counts.js';
import { createStageIO } from './stage-io.js';

/** What {@link runStage} needs from its host: Lambda, the local engine or a program. */
export interface StageDependencies {
  readonly s3: S3Client;
  /** The bucket (and key prefix) the stage writes to. */
  readonly location: DataLocation;
  /** @default a JSON logger on stdout */
  readonly logger?: Logger;
  /** Configuration is read from here on every run. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * Runs one stage for one execution: reads its input, streams records through the transform,
 * writes the output and the rejects, checks that records in = out + rejected + filtered,
 * records the stage in the run manifest and returns the pointer result.
 *
 * Any failure is thrown under a Step Functions error name (see `StageErrorName`).
 */
export async function runStage<Config>(
  stage: StageDefinition<Config>,
  event: StageEvent,
  deps: StageDependencies,
): Promise<StageResult> {
  try {
    return await execute(stage, event, deps);
  } catch (error) {
    throw classifyStageError(error, stage.name);
  }
}

async function execute<Config>(
  stage: StageDefinition<Config>,
  event: StageEvent,
  deps: StageDependencies,
): Promise<StageResult> {
  if (typeof event !== 'object' || event === null) {
    throw new FatalStageError(`${stage.name} event must be an object with an executionId`);
  }
  const now = deps.now ?? (() => new Date());
  const started = now();
  const executionId = parseExecutionId(event.executionId);
  const workflow = typeof event.workflow === 'string' ? event.workflow : 'standalone';
  const keyPrefix = normalizeKeyPrefix(deps.location.keyPrefix);
  const bucket = deps.location.bucket;
  if (!bucket) throw new ConfigurationError('location.bucket must name the data bucket');
  const executionStartTime = event.executionStartTime ?? started.toISOString();
  const logicalDate = resolveLogicalDate(event.input, executionStartTime);
  const logger = (deps.logger ?? createLogger()).child({
    executionId,
    workflow,
    stage: stage.name,
  });
  const config = stage.loadConfig(deps.env ?? process.env);

  const output: S3Pointer = { bucket, key: stageOutputKey(executionId, stage.name, keyPrefix) };
  const rejectsKey = stageRejectsKey(executionId, stage.name, keyPrefix);
  const pointer = stage.source ? undefined : inputPointer(stage.name, event.input);
  const counts = new StageCounts();
  const rejects = new AsyncQueue<RecordReject>();
  const sideOutputs = new SideOutputs(deps.s3, (name) => ({
    bucket,
    key: stageObjectKey(executionId, stage.name, name, keyPrefix),
  }));
  const io = createStageIO(deps.s3);
  const metrics: Record<string, number | string> = {};

  const reportReject = (reject: RecordReject) => {
    counts.reject(reject.reason);
    rejects.push(reject);
  };
  const reportSourceReject = (reject: RecordReject) => {
    counts.received++;
    reportReject(reject);
  };
  const context: StageContext<Config> = {
    executionId,
    workflow,
    stage: stage.name,
    logicalDate,
    executionStartTime,
    config,
    logger,
    location: { bucket, keyPrefix },
    event,
    io,
    reject: (reason, detail) => reportReject(toReject(reason, detail)),
    filter: (reason, count) => counts.filter(reason, count),
    metric: (name, value) => {
      metrics[name] = value;
    },
    sideOutput: (name) => sideOutputs.open(name),
  };
  const sourceContext: StageContext<Config> = {
    ...context,
    reject: (reason, detail) => reportSourceReject(toReject(reason, detail)),
  };

  logger.debug({ input: describeInput(event.input) }, 'stage started');
  const layout = stage.outputLayout ?? OutputLayout.Object;
  const outputTarget = await prepareLayout(deps.s3, output, layout);
  const rejectsTarget = await prepareLayout(deps.s3, { bucket, key: rejectsKey }, layout);
  // Rejects stream to their own object while the output is written, so neither is buffered.
  const rejectsWritten = settle(
    writeJsonLines(deps.s3, rejectsTarget.pointer, rejects, {
      removeStaleParts: rejectsTarget.removeStaleParts,
    }),
  );
  let written: { records: number; bytes: number };
  try {
    const source = stage.source
      ? stage.source(sourceContext)
      : io.readRecords(pointer as S3Pointer, reportSourceReject);
    written = await writeJsonLines(
      deps.s3,
      outputTarget.pointer,
      stage.transform(counted(source, counts), context),
      { onReject: reportReject, removeStaleParts: outputTarget.removeStaleParts },
    );
  } catch (error) {
    rejects.fail(error);
    sideOutputs.fail(error);
    await Promise.all([rejectsWritten, sideOutputs.settled()]);
    throw error;
  }
  rejects.close();
  const rejectsResult = await rejectsWritten;
  if (rejectsResult.error !== undefined) throw rejectsResult.error;
  const sideOutputCounts = await sideOutputs.close();
  counts.assertBalanced(stage.name, written.records);

  const finished = now();
  let result: StageResult = {
    bucket,
    key: output.key,
    executionId,
    workflow,
    stage: stage.name,
    logicalDate,
    executionPrefix: executionPrefix(executionId, keyPrefix),
    rejectsKey,
    received: counts.received,
    records: written.records,
    rejected: counts.rejected,
    filtered: counts.filtered,
    filteredBy: counts.filteredBy,
    rejectedBy: counts.rejectedBy,
    bytes: written.bytes,
    startedAt: started.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    metrics: { ...metrics, ...sideOutputCounts },
  };
  if (stage.finalize) {
    const extra = await stage.finalize(result, context);
    if (extra) result = { ...result, metrics: { ...result.metrics, ...extra } };
  }
  await recordStageInManifest(deps.s3, result, keyPrefix, finished);
  logger.info(summarizeStageResult(result), 'stage finished');
  return result;
}

function toReject(reason: string, detail: RejectDetail = {}): RecordReject {
  return { reason, ...detail };
}

function inputPointer(stage: string, input: unknown): S3Pointer {
  const candidate = input as Partial<S3Pointer> | undefined;
  if (
    typeof candidate?.bucket !== 'string' ||
    typeof candidate.key !== 'string' ||
    !candidate.key
  ) {
    throw new FatalStageError(
      `${stage} input must be a pointer { bucket, key } from the previous stage, got ${describeInput(input)}`,
    );
  }
  return { bucket: candidate.bucket, key: candidate.key };
}

function describeInput(input: unknown): string {
  if (input === undefined || input === null) return String(input);
  if (typeof input !== 'object') return typeof input;
  return `an object with keys [${Object.keys(input).slice(0, 10).join(', ')}]`;
}
