import type { Logger } from 'pino';
import { ConfigurationError, FatalStageError } from '../errors.js';
import { type ExecutionId, parseExecutionId } from '../execution-id.js';
import { createLogger } from '../logger.js';
import { AsyncQueue } from '../records/async-queue.js';
import type { RecordReject, S3Pointer } from '../records/record-types.js';
import { normalizeKeyPrefix, stageObjectKey, stageOutputKey, stageRejectsKey } from '../s3-keys.js';
import { resolveLogicalDate } from './logical-date.js';
import type { StageDependencies } from './run-stage.js';
import { SideOutputs } from './side-outputs.js';
import type { RejectDetail, StageContext, StageDefinition, StageEvent } from './stage-contract.js';
import { StageCounts } from './stage-counts.js';
import { createStageIO } from './stage-io.js';

/** One run of a stage: who it is, where it writes, and the tallies it keeps while it streams. */
export interface StageRun<Config> {
  readonly executionId: ExecutionId;
  readonly workflow: string;
  readonly logicalDate: string;
  readonly keyPrefix: string;
  readonly started: Date;
  readonly logger: Logger;
  readonly output: S3Pointer;
  readonly rejectsKey: string;
  /** The previous stage's output, unless the stage has its own source. */
  readonly input?: S3Pointer;
  readonly counts: StageCounts;
  readonly rejects: AsyncQueue<RecordReject>;
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
  if (typeof event !== 'object' || event === null) {
    throw new FatalStageError(`${stage.name} event must be an object with an executionId`);
  }
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
  const counts = new StageCounts();
  const rejects = new AsyncQueue<RecordReject>();
  const sideOutputs = new SideOutputs(deps.s3, (name) => ({
    bucket,
    key: stageObjectKey(executionId, stage.name, name, keyPrefix),
  }));
  const metrics: Record<string, number | string> = {};
  const reportReject = (reject: RecordReject) => {
    counts.reject(reject.reason);
    rejects.push(reject);
  };
  const context: StageContext<Config> = {
    executionId,
    workflow,
    stage: stage.name,
    logicalDate,
    executionStartTime,
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
    logicalDate,
    keyPrefix,
    started,
    logger,
    output: { bucket, key: stageOutputKey(executionId, stage.name, keyPrefix) },
    rejectsKey: stageRejectsKey(executionId, stage.name, keyPrefix),
    ...(!stage.source && { input: inputPointer(stage.name, event.input) }),
    counts,
    rejects,
    sideOutputs,
    metrics,
    context,
    sourceContext,
  };
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

/** A short description of an input for messages and logs: never the records themselves. */
export function describeInput(input: unknown): string {
  if (input === undefined || input === null) return String(input);
  if (typeof input !== 'object') return typeof input;
  return `an object with keys [${Object.keys(input).slice(0, 10).join(', ')}]`;
}
