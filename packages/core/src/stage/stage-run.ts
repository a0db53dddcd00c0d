import type { Logger } from 'pino';
import { ConfigurationError, FatalStageError } from '../errors.js';
import { type ExecutionId, parseExecutionId } from '../execution-id.js';
import { createLogger } from '../logger.js';
import { type ContentSummary, promisedContent } from '../records/content-digest.js';
import type { RecordReject, S3Pointer } from '../records/record-types.js';
import {
  assertStageName,
  normalizeKeyPrefix,
  partFileName,
  stageObjectKey,
  stageOutputKey,
  stageRejectsKey,
} from '../s3-keys.js';
import { LazyJsonLinesWriter } from './lazy-writer.js';
import { resolveLogicalDate } from './logical-date.js';
import { runKeyOf } from './run-key.js';
import type { StageDependencies } from './run-stage.js';
import { SideOutputs } from './side-outputs.js';
import type { RejectDetail, StageContext, StageDefinition, StageEvent } from './stage-contract.js';
import { StageCounts } from './stage-counts.js';
import { createStageIO } from './stage-io.js';

/** An upstream output to read, and what its writer promised about it. */
export interface UpstreamOutput {
  readonly pointer: S3Pointer;
  /** Its records, bytes and checksum, when its writer recorded them (every stage does). */
  readonly expected?: ContentSummary;
  /** A Glue job's folder output counts only with its `_SUCCESS` marker. */
  readonly requireSuccessMarker: boolean;
}

/** One run of a stage: who it is, where it writes, and the tallies it keeps while it streams. */
export interface StageRun<Config> {
  readonly executionId: ExecutionId;
  readonly workflow: string;
  /** The workflow step: the folder the run writes under, and its name in the manifest. */
  readonly step: string;
  /** A Map iteration's part index. */
  readonly part?: number;
  readonly logicalDate: string;
  readonly runKey: string;
  readonly keyPrefix: string;
  readonly started: Date;
  readonly logger: Logger;
  readonly output: S3Pointer;
  readonly rejectsKey: string;
  /** The upstream outputs the default source reads, in order (none with a custom source). */
  readonly inputs: readonly UpstreamOutput[];
  readonly counts: StageCounts;
  /** Written only once the first reject arrives. */
  readonly rejects: LazyJsonLinesWriter<RecordReject>;
  readonly sideOutputs: SideOutputs;
  readonly metrics: Record<string, number | string>;
  /** What the transform sees. */
  readonly context: StageContext<Config>;
  /** What a custom source sees: its rejects also count as records received. */
  readonly sourceContext: StageContext<Config>;
}

/**
 * Checks the event and the deployment, resolves the run's identity (execution id, workflow,
 * logical date, keys) and builds the contexts the stage's code receives. Nothing touches S3.
 */
export function openStageRun<Config>(
  stage: StageDefinition<Config>,
  event: StageEvent,
  deps: StageDependencies,
  started: Date,
): StageRun<Config> {
  const { executionId, step, part } = identify(stage.name, event);
  const workflow = typeof event.workflow === 'string' ? event.workflow : 'standalone';
  const keyPrefix = normalizeKeyPrefix(deps.location.keyPrefix);
  const bucket = deps.location.bucket;
  if (!bucket) throw new ConfigurationError('location.bucket must name the data bucket');
  const executionStartTime = event.executionStartTime ?? started.toISOString();
  // A join's upstreams all carry the run's logical date forward; read it from the first.
  const firstInput = event.input ?? Object.values(event.inputs ?? {})[0];
  const logicalDate = resolveLogicalDate(firstInput, executionStartTime);
  const runKey = runKeyOf(step, event, logicalDate);
  const logger = (deps.logger ?? createLogger()).child({
    executionId,
    workflow,
    stage: step,
    ...(part !== undefined && { part }),
  });
  const counts = new StageCounts();
  const rejects = new LazyJsonLinesWriter<RecordReject>();
  const sideOutputs = new SideOutputs(deps.s3, (name) => ({
    bucket,
    key: withPart(stageObjectKey(executionId, step, name, keyPrefix), part),
  }));
  const metrics: Record<string, number | string> = {};
  const reportReject = (reject: RecordReject) => {
    counts.reject(reject.reason);
    rejects.push(reject);
  };
  const context: StageContext<Config> = {
    executionId,
    workflow,
    stage: step,
    logicalDate,
    runKey,
    executionStartTime,
    signal: deps.signal ?? new AbortController().signal,
    config: stage.loadConfig(deps.env ?? process.env),
    logger,
    location: { bucket, keyPrefix },
    event,
    io: createStageIO(deps.s3),
    reject: (reason, detail) => reportReject(toReject(reason, detail)),
    filter: (reason, count) => counts.filter(reason, count),
    metric: (name, value) => {
      metrics[name] = value;
    },
    sideOutput: (name) => sideOutputs.open(name),
  };
  const sourceContext: StageContext<Config> = {
    ...context,
    reject: (reason, detail) => {
      counts.received++;
      reportReject(toReject(reason, detail));
    },
  };
  return {
    executionId,
    workflow,
    step,
    ...(part !== undefined && { part }),
    logicalDate,
    runKey,
    keyPrefix,
    started,
    logger,
    output: { bucket, key: stageOutputKey(executionId, step, keyPrefix) },
    rejectsKey: stageRejectsKey(executionId, step, keyPrefix),
    inputs: stage.source ? [] : inputPointers(step, event),
    counts,
    rejects,
    sideOutputs,
    metrics,
    context,
    sourceContext,
  };
}

/** The execution id, step and part an event names, each checked before anything runs. */
function identify(
  stage: string,
  event: StageEvent,
): { executionId: ExecutionId; step: string; part?: number } {
  if (typeof event !== 'object' || event === null) {
    throw new FatalStageError(`${stage} event must be an object with an executionId`);
  }
  const executionId = parseExecutionId(event.executionId);
  const step = event.step ?? stage;
  try {
    assertStageName(step);
  } catch (error) {
    throw new FatalStageError(`${stage} event.step: ${(error as Error).message}`);
  }
  if (event.part === undefined) return { executionId, step };
  return { executionId, step, part: partIndex(stage, event.part) };
}

function toReject(reason: string, detail: RejectDetail = {}): RecordReject {
  return { reason, ...detail };
}

function partIndex(stage: string, part: unknown): number {
  if (typeof part !== 'number' || !Number.isSafeInteger(part) || part < 0 || part > 99_999) {
    throw new FatalStageError(`${stage} event.part must be a whole number from 0 to 99999`);
  }
  return part;
}

function withPart(key: string, part: number | undefined): string {
  return part === undefined ? key : `${key}/${partFileName(part)}`;
}

/**
 * The outputs to read: the one upstream's, or, for a join, every upstream that succeeded, in
 * the order the workflow names them. An upstream that was skipped or failed (`all_done`)
 * contributes nothing.
 */
function inputPointers(step: string, event: StageEvent): UpstreamOutput[] {
  if (event.inputs === undefined) return [upstreamOutput(step, event.input)];
  if (typeof event.inputs !== 'object' || event.inputs === null) {
    throw new FatalStageError(`${step} event.inputs must be an object of upstream results`);
  }
  return Object.entries(event.inputs)
    .filter(([, value]) => {
      const status = (value as { status?: unknown } | null)?.status;
      return status === undefined || status === 'SUCCEEDED';
    })
    .map(([name, value]) => upstreamOutput(`${step} input "${name}"`, value));
}

function upstreamOutput(at: string, input: unknown): UpstreamOutput {
  const expected = promisedContent(input);
  return {
    pointer: inputPointer(at, input),
    ...(expected && { expected }),
    requireSuccessMarker: typeof (input as { jobRun?: unknown }).jobRun === 'object',
  };
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

/** A short description of an input for messages and logs: never the records themselves. */
export function describeInput(input: unknown): string {
  if (input === undefined || input === null) return String(input);
  if (typeof input !== 'object') return typeof input;
  return `an object with keys [${Object.keys(input).slice(0, 10).join(', ')}]`;
}
