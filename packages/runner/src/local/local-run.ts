import { hostname } from 'node:os';
import type { S3Client } from '@aws-sdk/client-s3';
import { createLogger, type DataLocation, type Logger, readManifest } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import pino from 'pino';
import { settledResult } from '../client/execution-failure.js';
import {
  DEFAULT_STOP_REASON,
  ExecutionStatus,
  LOCAL_GLUE_RETRY_INTERVAL_MS,
  StageStatus,
} from '../constants.js';
import type { ExecutionDescription, ExecutionHandle, StageSummary } from '../execution-types.js';
import { homeWriteError } from '../index-store/atomic-file.js';
import type { ExecutionIndex, ExecutionRecord } from '../index-store/execution-index.js';
import { type Admission, NOT_ADMITTED } from './admission.js';
import { loadLocalEngine } from './engine-loader.js';
import type { LocalOutcome } from './local-engine.js';
import type { LocalStageBindings } from './local-engine-options.js';
import type { LocalS3 } from './local-s3.js';
import { toDescription } from './record-description.js';
import { RecordWriter } from './record-writer.js';
import { RunProgress } from './run-progress.js';
import { stageBatchSample } from './sample-inputs.js';
import { errorFields, failedBeforeRun, type ReservedExecution } from './start-reservation.js';
import { manifestReuse } from './step-reuse.js';

/** What every run of a local target shares. */
export interface RunContext {
  readonly index: ExecutionIndex;
  readonly s3: LocalS3;
  readonly location: DataLocation;
  readonly examplesDirectory: string;
  readonly bindings: () => LocalStageBindings;
  /** The stages' configuration. */
  readonly env: NodeJS.ProcessEnv;
  readonly logLevel: string;
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
  /** At most so many runs of this target at once; the rest wait for a slot. */
  readonly admission: Admission;
}

/** A run this process owns: its handle, and its record once it has ended. */
export interface ActiveRun {
  readonly handle: ExecutionHandle;
  /** Settles with the final record; never rejects. */
  readonly finished: Promise<ExecutionRecord>;
}

interface RunControl {
  stopRequested: boolean;
  /** The cause an ABORTED run records. */
  stopReason?: string;
  abort?: () => void;
}

/**
 * Runs a reserved execution in this process: takes the record over (pid, host), places the
 * batch sample when the run uses it, then runs the engine in the background, folding its
 * events into the record's stage rows. Resolves once the run is under way; throws (and
 * records FAILED) when it could not start, e.g. with no S3.
 */
export async function launchRun(
  context: RunContext,
  reserved: ReservedExecution,
  onProgress?: (description: ExecutionDescription) => void,
  redrive = false,
): Promise<ActiveRun> {
  const { awaitingWorker, ...record } = reserved.record;
  const owned = { ...record, pid: process.pid, hostname: hostname() };
  const control: RunControl = { stopRequested: false };
  const writer = new RecordWriter(context.index, owned, onProgress);
  // A run that cannot record its progress stops; runToEnd records why.
  writer.onFault = () => {
    control.stopRequested = true;
    control.abort?.();
  };
  if (awaitingWorker) writer.save({});
  const destination = await openLog(context.index.home, owned.logFile as string, writer);
  const logger = createLogger({ level: context.logLevel, destination });
  let client: S3Client;
  try {
    client = await prepareData(context, reserved);
  } catch (error) {
    await writer.finish(failedBeforeRun(writer.current, error));
    destination.end();
    throw error;
  }
  const live = { client, logger, writer, control, redrive };
  const finished = runToEnd(context, reserved, live).finally(() => destination.end());
  const handle: ExecutionHandle = {
    executionId: owned.executionId,
    workflow: owned.workflow,
    result: async () => settledResult(toDescription(await finished)),
    describe: async () => toDescription(writer.current),
    stop: async (reason) => {
      if (reason !== undefined) control.stopReason ??= reason;
      control.stopRequested = true;
      control.abort?.();
      await finished;
    },
  };
  return { handle, finished };
}

/**
 * The run's log file (synchronous writes). A log that cannot be opened ends the run before it
 * starts, FAILED; one that fails later is the run's fault, as a record that cannot be written.
 */
async function openLog(
  home: string,
  logFile: string,
  writer: RecordWriter,
): Promise<ReturnType<typeof pino.destination>> {
  let destination: ReturnType<typeof pino.destination>;
  try {
    destination = pino.destination({ dest: logFile, sync: true, mkdir: true });
  } catch (error) {
    const fault = homeWriteError(home, logFile, error);
    await writer.finish(failedBeforeRun(writer.current, fault));
    throw fault;
  }
  // Unheard, a failed write would be thrown inside whichever stage was logging.
  destination.on('error', (error) => writer.fail(homeWriteError(home, logFile, error)));
  return destination;
}

/** The S3 client, with the batch sample in place when the run uses it. */
async function prepareData(context: RunContext, reserved: ReservedExecution): Promise<S3Client> {
  const client = await context.s3.client();
  const { logicalDate } = reserved.input;
  if (reserved.record.usesSample && reserved.workflow.type === 'STANDARD') {
    await stageBatchSample(client, context.location, context.examplesDirectory, `${logicalDate}`);
  }
  return client;
}

interface LiveRun {
  readonly client: S3Client;
  readonly logger: Logger;
  readonly writer: RecordWriter;
  readonly control: RunControl;
  /** A redrive: what succeeded in an earlier attempt is reused, not run again. */
  readonly redrive: boolean;
}

async function runToEnd(
  context: RunContext,
  reserved: ReservedExecution,
  live: LiveRun,
): Promise<ExecutionRecord> {
  const { workflow } = reserved;
  const progress = new RunProgress(workflow, live.writer, () =>
    readManifest(
      live.client,
      context.location.bucket,
      reserved.record.executionId,
      context.location.keyPrefix,
    ),
  );
  // Stopped while it waits for a slot, the run leaves the queue at once and never starts.
  const waiting = new AbortController();
  live.control.abort = () => waiting.abort();
  if (live.control.stopRequested) waiting.abort();
  const admitted = await context.admission.admit(
    () => runEngine(context, reserved, live, progress),
    waiting.signal,
  );
  let outcome: LocalOutcome =
    admitted === NOT_ADMITTED
      ? {
          status: ExecutionStatus.Aborted,
          error: 'States.Aborted',
          cause: DEFAULT_STOP_REASON,
          stoppedAt: new Date().toISOString(),
        }
      : admitted;
  if (outcome.status === ExecutionStatus.Aborted && live.control.stopReason !== undefined) {
    outcome = { ...outcome, cause: live.control.stopReason };
  }
  const { fault } = live.writer;
  // The run was stopped because it could not be recorded: that, not the stop, is its end.
  if (fault)
    outcome = {
      status: ExecutionStatus.Failed,
      stoppedAt: outcome.stoppedAt,
      ...errorFields(fault),
    };
  const stages = await progress.finish(outcome);
  const usage = progress.tracker.usage(live.writer.current.usage);
  await live.writer.finish({ ...endedFields(outcome, stages), usage });
  return live.writer.current;
}

/**
 * Runs the engine once the run is admitted: its TimeoutSeconds count from here. Settles when
 * the run has ended and every task it started has stopped, so the slot frees only then.
 */
async function runEngine(
  context: RunContext,
  reserved: ReservedExecution,
  live: LiveRun,
  progress: RunProgress,
): Promise<LocalOutcome> {
  const { workflow } = reserved;
  try {
    const reuse = live.redrive
      ? manifestReuse(live.client, await progress.readManifest(), live.logger)
      : undefined;
    const engine = loadLocalEngine().createLocalEngine({
      ...context.bindings(),
      s3: live.client,
      location: context.location,
      logger: live.logger,
      env: context.env,
      retryIntervalOverrides: context.retryIntervalOverrides ?? glueRetryOverrides(workflow),
    });
    const run = engine.run({
      workflow,
      executionId: reserved.record.executionId,
      input: reserved.input,
      onStageResult: (step, result) => progress.tracker.recordResult(step, result),
      onEvent: (event) => progress.apply(event),
      ...(reuse && { reuse }),
    });
    live.control.abort = run.abort;
    if (live.control.stopRequested) run.abort();
    return await run.outcome;
  } catch (error) {
    return {
      status: ExecutionStatus.Failed,
      stoppedAt: new Date().toISOString(),
      ...errorFields(error),
    };
  }
}

/**
 * What an ended run adds to its record; `output` is, for a success, the output of the last
 * step in workflow order that succeeded with one.
 */
function endedFields(outcome: LocalOutcome, stages: StageSummary[]): Partial<ExecutionRecord> {
  const last = stages.filter((stage) => stage.status === StageStatus.Succeeded && stage.output);
  const output = outcome.status === ExecutionStatus.Succeeded ? last.at(-1)?.output : undefined;
  return {
    status: outcome.status,
    stoppedAt: outcome.stoppedAt,
    stages,
    ...(output !== undefined && { output }),
    ...(outcome.error !== undefined && { error: outcome.error }),
    ...(outcome.cause !== undefined && { cause: outcome.cause }),
    ...(outcome.failedState !== undefined && { failedState: outcome.failedState }),
  };
}

/**
 * Locally a Glue step (its task state carries the step's name) retries after a few seconds,
 * not 5 minutes; every other retrier waits as the ASL says.
 */
function glueRetryOverrides(workflow: Workflow): Record<string, number> {
  return Object.fromEntries(
    workflow.steps
      .filter((step) => step.kind === 'glue')
      .map((step) => [step.name, LOCAL_GLUE_RETRY_INTERVAL_MS]),
  );
}
