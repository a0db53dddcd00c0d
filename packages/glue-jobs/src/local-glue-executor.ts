import { randomBytes } from 'node:crypto';
import {
  AsyncQueue,
  CeapError,
  createLogger,
  type DataLocation,
  deleteObjectsUnder,
  type Logger,
  type RecordReject,
  readJsonLines,
  recordStageInManifest,
  type StageDependencies,
  type StageResult,
  summarizeStageResult,
  writeJsonLines,
} from '@ceap/core';
import { GlueJobRunError, PythonFailedError } from './errors.js';
import {
  type CheckedJobArguments,
  checkJobArguments,
  type HeavyEtlJobArguments,
} from './job-arguments.js';
import { HEAVY_ETL_JOB_NAME } from './job-spec.js';
import { HEAVY_ETL_SEGMENTS_PATH, LOCAL_RUNNER_PATH } from './paths.js';
import { PythonProcess, type PythonSummary } from './python-process.js';

/** The S3 client type @ceap/core works with. */
type S3Client = StageDependencies['s3'];

/** What the local Glue executor needs from its host (the runner's local engine, or a test). */
export interface LocalGlueExecutorDependencies {
  readonly s3: S3Client;
  /** The data bucket and key prefix: `--bucket` must be this bucket. */
  readonly location: DataLocation;
  /** @default a JSON logger on stdout */
  readonly logger?: Logger;
  /** The Python interpreter. @default 'python3' */
  readonly python?: string;
  /** @default HEAVY_ETL_JOB_NAME */
  readonly jobName?: string;
  /** The workflow recorded in the manifest. @default 'batch' */
  readonly workflow?: string;
  /** The reference segments CSV. @default HEAVY_ETL_SEGMENTS_PATH (the shipped file) */
  readonly segmentsPath?: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** A finished local job run, shaped like Glue's `JobRun` plus the stage's result. */
export type LocalJobRun = {
  readonly Id: string;
  readonly JobName: string;
  readonly JobRunState: 'SUCCEEDED';
  readonly StartedOn: string;
  readonly CompletedOn: string;
  /** Seconds, as Glue reports it. */
  readonly ExecutionTime: number;
  readonly result: StageResult;
};

/** Runs the heavy-ETL job locally: the same Python core as on Glue, with python3. */
export interface LocalGlueExecutor {
  run(args: HeavyEtlJobArguments): Promise<LocalJobRun>;
}

/** Spark names its part files `part-NNNNN-…`; one local process writes one part. */
const PART_FILE = 'part-00000.json';

/**
 * Creates the local stand-in for `glue:startJobRun.sync` on the heavy-ETL job. A run reads the
 * input pointer (an object or a folder of parts), streams it through `python3 local_runner.py`,
 * writes `{outputKey}/part-00000.json` and `{rejectsKey}/part-00000.json` (the layout Spark
 * writes, replacing whatever an earlier run left at or under those keys), records the stage in
 * the run manifest and returns the job run with the stage's result.
 *
 * Any failure is thrown as {@link GlueJobRunError}, named `States.TaskFailed` as on AWS; when
 * the Python code raised, its traceback is the error's `cause`.
 *
 * @example
 * const glue = createLocalGlueExecutor({ s3, location: { bucket: 'ceap-data' } });
 * const run = await glue.run({
 *   '--executionId': 'batch-2024-05-01',
 *   '--bucket': 'ceap-data',
 *   '--inputKey': 'executions/batch-2024-05-01/FilterStage/output.json',
 *   '--outputKey': 'executions/batch-2024-05-01/HeavyETLStage/output.json',
 *   '--logicalDate': '2024-05-01',
 * });
 */
export function createLocalGlueExecutor(deps: LocalGlueExecutorDependencies): LocalGlueExecutor {
  const now = deps.now ?? (() => new Date());
  const jobName = deps.jobName ?? HEAVY_ETL_JOB_NAME;
  return {
    async run(args) {
      const jobRunId = `jr_${randomBytes(32).toString('hex')}`;
      const started = now();
      let logger = (deps.logger ?? createLogger()).child({ jobName, jobRunId });
      try {
        const job = checkJobArguments(args, deps.location);
        logger = logger.child({
          executionId: job.executionId,
          workflow: deps.workflow ?? 'batch',
          stage: job.stage,
        });
        const result = await execute(job, deps, started, now, logger);
        const completed = now();
        return {
          Id: jobRunId,
          JobName: jobName,
          JobRunState: 'SUCCEEDED',
          StartedOn: started.toISOString(),
          CompletedOn: completed.toISOString(),
          ExecutionTime: Math.round((completed.getTime() - started.getTime()) / 1000),
          result,
        };
      } catch (error) {
        const failure = toJobRunError(error, jobName, jobRunId);
        logger.error({ err: error }, failure.message);
        throw failure;
      }
    },
  };
}

async function execute(
  job: CheckedJobArguments,
  deps: LocalGlueExecutorDependencies,
  started: Date,
  now: () => Date,
  logger: Logger,
): Promise<StageResult> {
  const { s3 } = deps;
  const { bucket } = job;
  const python = await PythonProcess.start(
    deps.python ?? 'python3',
    [
      LOCAL_RUNNER_PATH,
      '--logical-date',
      job.logicalDate,
      '--segments',
      deps.segmentsPath ?? HEAVY_ETL_SEGMENTS_PATH,
    ],
    { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
  );
  logger.debug({ input: job.inputKey }, 'job run started');

  const tally: Tally = new Tally();
  let rejects: AsyncQueue<RecordReject> | undefined;
  let feedError: unknown;
  let feeding: Promise<number> = Promise.resolve(0);
  let rejectsWritten: Promise<unknown> = Promise.resolve(undefined);
  try {
    // Whatever an earlier run left (a single object, or parts) must not mix with this run's parts.
    await deleteObjectsUnder(s3, bucket, job.outputKey);
    await deleteObjectsUnder(s3, bucket, job.rejectsKey);
    const rejectQueue = new AsyncQueue<RecordReject>();
    rejects = rejectQueue;
    rejectsWritten = writeJsonLines(
      s3,
      { bucket, key: `${job.rejectsKey}/${PART_FILE}` },
      rejectQueue,
    ).then(
      () => undefined,
      (error: unknown) => error ?? new CeapError('writing rejects failed'),
    );

    const input = readJsonLines(
      s3,
      { bucket, key: job.inputKey },
      {
        onReject: (reject) => {
          tally.lineRejected(reject.reason);
          rejectQueue.push(reject);
        },
      },
    );
    feeding = python.feed(input).catch((error: unknown) => {
      feedError = error;
      void python.kill();
      return 0;
    });
    const outputs = python.outputs((reject) => {
      tally.pythonRejected(reject.reason);
      rejectQueue.push(reject);
    });
    const written = await writeJsonLines(
      s3,
      { bucket, key: `${job.outputKey}/${PART_FILE}` },
      outputs,
    );
    const sent = await feeding;
    if (feedError !== undefined) throw feedError;
    rejectQueue.close();
    const rejectsError = await rejectsWritten;
    if (rejectsError !== undefined) throw rejectsError;

    const summary = python.summary;
    tally.check(sent, written.records, summary);
    const finished = now();
    const result: StageResult = {
      bucket,
      key: job.outputKey,
      executionId: job.executionId,
      workflow: deps.workflow ?? 'batch',
      stage: job.stage,
      logicalDate: job.logicalDate,
      executionPrefix: job.executionPrefix,
      rejectsKey: job.rejectsKey,
      received: sent + tally.lineRejects,
      records: written.records,
      rejected: tally.rejected,
      filtered: tally.filtered,
      filteredBy: summary.filtered,
      rejectedBy: tally.rejectedBy,
      bytes: written.bytes,
      startedAt: started.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      metrics: summary.metrics,
    };
    await recordStageInManifest(s3, result, job.keyPrefix, finished);
    logger.info(summarizeStageResult(result), 'job run succeeded');
    return result;
  } catch (error) {
    rejects?.fail(error);
    await python.kill();
    await Promise.all([feeding, rejectsWritten]);
    // Python killed because reading the input failed: report the read failure, not the kill.
    const killedByUs = error instanceof PythonFailedError && error.signal !== null;
    throw feedError !== undefined && (killedByUs || !(error instanceof PythonFailedError))
      ? feedError
      : error;
  }
}

/** Counts on the Node side, checked against Python's summary: in = out + rejected + filtered. */
class Tally {
  lineRejects = 0;
  rejected = 0;
  filtered = 0;
  readonly rejectedBy: Record<string, number> = {};
  private pythonRejects = 0;

  lineRejected(reason: string): void {
    this.lineRejects++;
    this.count(reason);
  }

  pythonRejected(reason: string): void {
    this.pythonRejects++;
    this.count(reason);
  }

  check(
    sent: number,
    written: number,
    summary: PythonSummary | undefined,
  ): asserts summary is PythonSummary {
    if (summary === undefined)
      throw new CeapError('the Python core ended without its summary line');
    this.filtered = Object.values(summary.filtered).reduce((sum, count) => sum + count, 0);
    const agrees =
      summary.received === sent &&
      summary.records === written &&
      summary.rejected === this.pythonRejects;
    const received = sent + this.lineRejects;
    const accounted = written + this.rejected + this.filtered;
    if (!agrees || received !== accounted) {
      throw new CeapError(
        `HeavyETLStage lost track of records: ${received} in, but ${written} out + ${this.rejected} rejected + ${this.filtered} filtered = ${accounted} (Python counted ${JSON.stringify(summary)})`,
      );
    }
  }

  private count(reason: string): void {
    this.rejected++;
    this.rejectedBy[reason] = (this.rejectedBy[reason] ?? 0) + 1;
  }
}

function toJobRunError(error: unknown, jobName: string, jobRunId: string): GlueJobRunError {
  const reason = error instanceof Error ? error.message : String(error);
  const message = `${jobName} job run ${jobRunId} failed: ${reason}`;
  if (error instanceof PythonFailedError)
    return new GlueJobRunError(message, jobRunId, { cause: error.traceback });
  return new GlueJobRunError(message, jobRunId, { cause: error });
}
