import type { Logger } from 'pino';
import { ConfigurationError, FatalStageError } from '../errors.js';
import { type ExecutionId, parseExecutionId } from '../execution-id.js';
import { createLogger } from '../logger.js';
import { type ContentSummary, promisedContent } from '../records/content-digest.js';
import type { FilteredRecord, RecordReject, S3Pointer } from '../records/record-types.js';
import {
  assertStageName,
  normalizeKeyPrefix,
  partFileName,
  StageObject,
  stageObjectKey,
  stageOutputKey,
} from '../s3-keys.js';
import { resolveLogicalDate } from './logical-date.js';
import { RecordLog } from './record-log.js';
import { runKeyOf } from './run-key.js';
import type { StageDependencies } from './run-stage.js';
import { SideOutputs } from './side-outputs.js';
import {
  type FilterDetail,
  OutputLayout,
  type RejectDetail,
  type StageContext,
  type StageDefinition,
  type StageEvent,
} from './stage-contract.js';
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
  /** A test run's number: it writes under `{step}/test-{n}/` and records no manifest entry. */
  readonly testRun?: number;
  readonly logicalDate: string;
  readonly runKey: string;
  readonly keyPrefix: string;
  readonly started: Date;
  readonly logger: Logger;
  readonly output: S3Pointer;
  /** The upstream outputs the default source reads, in order (none with a custom source). */
  readonly inputs: readonly UpstreamOutput[];
  readonly counts: StageCounts;
  /** Written only once the first reject arrives; likewise the filtered records. */
  readonly rejects: RecordLog<RecordReject>;
  readonly filtered: RecordLog<FilteredRecord>;
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
  const testRun = testRunOf(stage.name, event);
  const workflow = typeof event.workflow === 'string' ? event.workflow : 'standalone';
  const keyPrefix = normalizeKeyPrefix(deps.location.keyPrefix);
  const bucket = deps.location.bucket;
  if (!bucket) throw new ConfigurationError('location.bucket must name the data bucket');
  const executionStartTime = event.executionStartTime ?? started.toISOString();
  const { logicalDate, runKey } = logicalIdentity(step, event, executionStartTime);
  const logger = (deps.logger ?? createLogger()).child({
    executionId,
    workflow,
    stage: step,
    ...(part !== undefined && { part }),
  });
  const counts = new StageCounts();
  const layout = stage.outputLayout ?? OutputLayout.Object;
  const recordLog = <T>(name: string) =>
    new RecordLog<T>(
      { bucket, key: stageObjectKey(executionId, step, name, keyPrefix, testRun) },
      layout,
      part,
    );
  const rejects = recordLog<RecordReject>(StageObject.Rejects);
  const filtered = recordLog<FilteredRecord>(StageObject.Filtered);
  const sideOutputs = new SideOutputs(deps.s3, (name) => ({
    bucket,
    key: withPart(stageObjectKey(executionId, step, name, keyPrefix, testRun), part),
  }));
  const run: RunTallies = {
    executionId,
    workflow,
    step,
    ...(part !== undefined && { part }),
    ...(testRun !== undefined && { testRun }),
    logicalDate,
    runKey,
    keyPrefix,
    started,
    logger,
    output: { bucket, key: stageOutputKey(executionId, step, keyPrefix, testRun) },
    inputs: stage.source ? [] : inputPointers(step, event),
    counts,
    rejects,
    filtered,
    sideOutputs,
    metrics: {},
  };
  return { ...run, ...contextsOf(stage, event, deps, run, executionStartTime) };
}

/** A run before its contexts: what the contexts report into. */
type RunTallies = Omit<StageRun<unknown>, 'context' | 'sourceContext'>;

/**
 * The contexts the stage's code sees: the transform's, and a custom source's, whose rejects
 * also count as records received.
 */
function contextsOf<Config>(
  stage: StageDefinition<Config>,
  event: StageEvent,
  deps: StageDependencies,
  run: RunTallies,
  executionStartTime: string,
): Pick<StageRun<Config>, 'context' | 'sourceContext'> {
  const { counts, rejects, filtered } = run;
  const reportReject = (reject: RecordReject) => {
    counts.reject(reject.reason);
    rejects.writer.push(reject);
  };
  const context: StageContext<Config> = {
    executionId: run.executionId,
    workflow: run.workflow,
    stage: run.step,
    logicalDate: run.logicalDate,
    runKey: run.runKey,
    executionStartTime,
    signal: deps.signal ?? new AbortController().signal,
    config: stage.loadConfig(deps.env ?? process.env),
    logger: run.logger,
    location: { bucket: run.output.bucket, keyPrefix: run.keyPrefix },
    event,
    io: createStageIO(deps.s3),
    reject: (reason, detail) => reportReject(toReject(reason, detail)),
    filter: (reason, detail) => {
      counts.filter(reason, filteredCount(detail));
      if (detail?.record !== undefined) filtered.writer.push({ reason, record: detail.record });
    },
    metric: (name, value) => {
      run.metrics[name] = value;
    },
    sideOutput: (name) => run.sideOutputs.open(name),
  };
  const sourceContext: StageContext<Config> = {
    ...context,
    reject: (reason, detail) => {
      counts.received++;
      reportReject(toReject(reason, detail));
    },
  };
  return { context, sourceContext };
}

/** The run's logical date and run key, which every upstream of a join carries alike. */
function logicalIdentity(
  step: string,
  event: StageEvent,
  executionStartTime: string,
): { logicalDate: string; runKey: string } {
  const firstInput = event.input ?? Object.values(event.inputs ?? {})[0];
  const logicalDate = resolveLogicalDate(firstInput, executionStartTime);
  return { logicalDate, runKey: runKeyOf(step, event, logicalDate) };
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

function testRunOf(stage: string, event: StageEvent): number | undefined {
  const { testRun } = event;
  if (testRun === undefined) return undefined;
  if (typeof testRun !== 'number' || !Number.isSafeInteger(testRun) || testRun < 1) {
    throw new FatalStageError(`${stage} event.testRun must be a whole number of 1 or more`);
  }
  return testRun;
}

/** How many records one `filter` call drops: one record, or a counted batch. */
function filteredCount(detail: FilterDetail | undefined): number | undefined {
  if (detail === undefined || detail.record !== undefined) return 1;
  return detail.count;
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
