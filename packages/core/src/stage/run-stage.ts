import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { StageAbortedError, StageErrorName } from '../errors.js';
import { createLogger } from '../logger.js';
import { writeJsonLinesParts } from '../records/jsonl-parts-writer.js';
import { readJsonLineBatches } from '../records/jsonl-reader.js';
import { type WriteSummary, writeJsonLineBatches } from '../records/jsonl-writer.js';
import { flattenBatches, singleBatches } from '../records/record-batches.js';
import type { JsonRecord, RecordReject } from '../records/record-types.js';
import { type DataLocation, executionPrefix } from '../s3-keys.js';
import { classifyStageError } from './error-classification.js';
import { recordStageInManifest } from './manifest.js';
import {
  iterationTarget,
  type LayoutTarget,
  markComplete,
  prepareLayout,
} from './output-layout.js';
import { copySourceOf, writeUnchanged } from './pass-through-output.js';
import {
  OutputLayout,
  type StageDefinition,
  type StageEvent,
  type StageResult,
  summarizeStageResult,
} from './stage-contract.js';
import { FILTERED_KEPT_METRIC } from './stage-logs.js';
import { outputBatches, receivedRecords, throwIfStopped } from './stage-pacing.js';
import { describeInput, openStageRun, type StageRun } from './stage-run.js';

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
  /**
   * Stops the run when it aborts: the stage reads and writes no further, its uploads are
   * abandoned, nothing is recorded, and {@link runStage} throws `StageAbortedError`.
   */
  readonly signal?: AbortSignal;
}

/**
 * Runs one stage for one execution: reads its input, streams records through the transform,
 * writes the output and the rejects, checks that records in = out + rejected + filtered,
 * records the stage in the run manifest and returns the pointer result.
 *
 * Its fixed cost is two S3 requests beyond reading the input: the output's PUT and the
 * manifest entry's PUT (a test run makes only the first); a pass-through stage makes a HEAD of
 * its input and a server-side copy in place of the PUT. Rejects, filtered records and side
 * outputs cost a request only once they have a record; nothing an earlier attempt left is
 * deleted, because readers go by this run's counts (see `stageLogObjects`).
 *
 * Any failure is thrown under a Step Functions error name (see `StageErrorName`).
 */
export async function runStage<Config>(
  stage: StageDefinition<Config>,
  event: StageEvent,
  deps: StageDependencies,
): Promise<StageResult> {
  let logger = deps.logger;
  try {
    const now = deps.now ?? (() => new Date());
    const run = openStageRun(stage, event, deps, now());
    logger = run.logger;
    run.logger.debug({ input: describeInput(event.input) }, 'stage started');
    const written = await writeRecords(stage, run, deps.s3);
    const finished = now();
    let result = toResult(run, written, finished);
    throwIfStopped(run);
    if (stage.finalize) {
      const extra = await stage.finalize(result, run.context);
      if (extra) result = { ...result, metrics: { ...result.metrics, ...extra } };
    }
    throwIfStopped(run);
    // A test run leaves the manifest, the execution's lineage, to the step's own run.
    if (run.testRun === undefined) {
      await recordStageInManifest(deps.s3, result, run.keyPrefix, run.part);
    }
    run.logger.info(summarizeStageResult(result), 'stage finished');
    return result;
  } catch (error) {
    const failure =
      error instanceof StageAbortedError ? error : classifyStageError(error, stage.name);
    logFailure(logger ?? createLogger(), failure);
    throw failure;
  }
}

/**
 * Logs a failure under the name Step Functions matches: a retryable one at warn (the Retry
 * rule runs the stage again), a stop by the host at warn, any other at error, so a log search
 * finds every failed attempt.
 */
function logFailure(logger: Logger, failure: Error): void {
  const details = { error: failure.name, cause: failure.message };
  if (failure instanceof StageAbortedError) logger.warn(details, 'stage stopped');
  else if (failure.name === StageErrorName.Retryable) {
    logger.warn(details, 'stage attempt failed with a retryable error');
  } else logger.error(details, 'stage failed');
}

interface Written {
  readonly records: number;
  readonly bytes: number;
  readonly checksum: string;
  /** What this run wrote beside its output, by metric: side outputs' and kept filtered records. */
  readonly logCounts: Record<string, number>;
}

/**
 * Streams the source through the transform to the output while rejects and side outputs
 * stream to their own objects, so nothing is buffered; then checks the counts balance.
 */
async function writeRecords<Config>(
  stage: StageDefinition<Config>,
  run: StageRun<Config>,
  s3: S3Client,
): Promise<Written> {
  const layout = stage.outputLayout ?? OutputLayout.Object;
  const outputTarget =
    run.part === undefined
      ? await prepareLayout(s3, run.output, layout)
      : iterationTarget(run.output, run.part);
  run.rejects.open(s3);
  run.filtered.open(s3);
  let written: WriteSummary;
  try {
    const copySource = stage.passThrough ? await copySourceOf(run, s3) : undefined;
    written = copySource
      ? await writeUnchanged(stage, run, s3, outputTarget, copySource)
      : await writeTransformed(stage, run, s3, outputTarget);
  } catch (error) {
    run.sideOutputs.fail(error);
    await Promise.all([
      run.rejects.writer.fail(error),
      run.filtered.writer.fail(error),
      run.sideOutputs.settled(),
    ]);
    throw error;
  }
  await run.rejects.close();
  const filteredKept = await run.filtered.close();
  const logCounts = await run.sideOutputs.close();
  // What vouches for filtered.json: with it, a reader never takes a stale object for this run's.
  if (run.counts.filtered > 0) logCounts[FILTERED_KEPT_METRIC] = filteredKept;
  run.counts.assertBalanced(stage.name, written.records);
  if (layout === OutputLayout.Parts && run.part === undefined) {
    await markComplete(s3, run.output);
  }
  return { ...written, logCounts };
}

/** Streams the source through the transform to the output, serializing each record. */
function writeTransformed<Config>(
  stage: StageDefinition<Config>,
  run: StageRun<Config>,
  s3: S3Client,
  target: LayoutTarget,
): Promise<WriteSummary> {
  const source = stage.source
    ? singleBatches(stage.source(run.sourceContext))
    : readInputs(run, s3);
  const transformed = outputBatches(
    stage.transform(receivedRecords(source, run), run.context),
    run,
  );
  const onReject = (reject: RecordReject) => run.context.reject(reject.reason, reject);
  if (stage.recordsPerPart !== undefined && run.part === undefined) {
    return writeJsonLinesParts(s3, run.output, flattenBatches(transformed), stage.recordsPerPart, {
      onReject,
    });
  }
  return writeJsonLineBatches(s3, target.pointer, transformed, {
    onReject,
    removeStaleParts: target.removeStaleParts,
  });
}

/**
 * The records of every upstream output, one after the other, an array per network chunk. Each
 * must hold exactly what its writer recorded, so a truncated or half-written input fails the
 * step (and is retried) rather than pass on fewer records.
 */
async function* readInputs<Config>(
  run: StageRun<Config>,
  s3: S3Client,
): AsyncGenerator<JsonRecord[]> {
  for (const input of run.inputs) {
    yield* readJsonLineBatches(s3, input.pointer, {
      onReject: (reject) => run.sourceContext.reject(reject.reason, reject),
      ...(input.expected && { expected: input.expected }),
      requireSuccessMarker: input.requireSuccessMarker,
    });
  }
}

function toResult<Config>(run: StageRun<Config>, written: Written, finished: Date): StageResult {
  return {
    bucket: run.output.bucket,
    key: outputKeyOf(run),
    executionId: run.executionId,
    workflow: run.workflow,
    stage: run.step,
    logicalDate: run.logicalDate,
    runKey: run.runKey,
    executionPrefix: executionPrefix(run.executionId, run.keyPrefix),
    rejectsKey: run.rejects.key,
    received: run.counts.received,
    records: written.records,
    rejected: run.counts.rejected,
    filtered: run.counts.filtered,
    filteredBy: run.counts.filteredBy,
    rejectedBy: run.counts.rejectedBy,
    bytes: written.bytes,
    checksum: written.checksum,
    startedAt: run.started.toISOString(),
    durationMs: finished.getTime() - run.started.getTime(),
    metrics: { ...run.metrics, ...written.logCounts },
  };
}

/** A Map iteration's result points at its own part; any other run at the step's output. */
function outputKeyOf<Config>(run: StageRun<Config>): string {
  return run.part === undefined
    ? run.output.key
    : iterationTarget(run.output, run.part).pointer.key;
}
