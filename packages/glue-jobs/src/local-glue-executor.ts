import { randomBytes } from 'node:crypto';
import {
  createLogger,
  type DataLocation,
  FatalStageError,
  type Logger,
  RetryableStageError,
  runStage,
  StageAbortedError,
  type StageDependencies,
  type StageEvent,
  type StageResult,
} from '@ceap/core';
import { GlueJobRunError, PythonFailedError } from './errors.js';
import { heavyEtlStage } from './heavy-etl-stage.js';
import {
  type CheckedJobArguments,
  checkJobArguments,
  type HeavyEtlJobArguments,
} from './job-arguments.js';
import { HEAVY_ETL_JOB_NAME } from './job-spec.js';
import { HEAVY_ETL_SEGMENTS_PATH } from './paths.js';
import { pythonCommand } from './python-command.js';

/** The S3 client type @ceap/core works with. */
type S3Client = StageDependencies['s3'];

/** What the local Glue executor needs from its host (the runner's local engine, or a test). */
export interface LocalGlueExecutorDependencies {
  readonly s3: S3Client;
  /** The data bucket and key prefix: `--bucket` must be this bucket. */
  readonly location: DataLocation;
  /** @default a JSON logger on stdout */
  readonly logger?: Logger;
  /** The Python interpreter. @default `CEAP_PYTHON`, else 'python3' */
  readonly python?: string;
  /** @default HEAVY_ETL_JOB_NAME */
  readonly jobName?: string;
  /** The reference segments CSV. @default HEAVY_ETL_SEGMENTS_PATH (the shipped file) */
  readonly segmentsPath?: string;
  /**
   * Records per output part file, so steps that map over the job's parts fan out as they would
   * over Spark's output. @default LOCAL_RECORDS_PER_PART
   */
  readonly recordsPerPart?: number;
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

/**
 * Locally, the job writes a part file per this many records: the shipped sample's ~67,000
 * records make 4 parts, as a small Spark job would.
 */
export const LOCAL_RECORDS_PER_PART = 20_000;

/** Options of one local job run. */
export interface LocalGlueRunOptions {
  /**
   * Stops the run when it aborts (the local engine's task timeout, a stopped execution):
   * python3 gets SIGTERM, then SIGKILL after PYTHON_TERMINATE_GRACE_MS, nothing is recorded,
   * and the run fails with core's `StageAbortedError`, whose cause is the signal's reason.
   */
  readonly signal?: AbortSignal;
}

/** Runs the heavy-ETL job locally: the same Python core as on Glue, with python3. */
export interface LocalGlueExecutor {
  run(args: HeavyEtlJobArguments, options?: LocalGlueRunOptions): Promise<LocalJobRun>;
}

/**
 * Creates the local stand-in for `glue:startJobRun.sync` on the heavy-ETL job. A run checks
 * the arguments, then runs the job as a stage with core's `runStage`: the stage is named after
 * the `--outputKey` folder, reads the `--inputKey` pointer (an object or a folder of parts),
 * streams it through `python3 local_runner.py`, writes `{outputKey}/part-NNNNN.json` (a part
 * per {@link LOCAL_RECORDS_PER_PART} records) and `{rejectsKey}/part-00000.json` (Spark's
 * layout, replacing whatever an earlier run left),
 * records the stage in the run manifest under `--workflow` and `--logicalDate`, and returns
 * the job run with the stage's result.
 *
 * Any failure is thrown as {@link GlueJobRunError}, named `States.TaskFailed` as on AWS; when
 * the Python code raised, its traceback is the error's `cause`. A run stopped through
 * `options.signal` throws `StageAbortedError` instead. The python3 child never outlives a
 * failed or stopped run.
 *
 * @example
 * const glue = createLocalGlueExecutor({ s3, location: { bucket: 'ceap-data' } });
 * const run = await glue.run({
 *   '--executionId': 'batch-2024-05-01',
 *   '--workflow': 'batch',
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
    async run(args, options = {}) {
      const jobRunId = `jr_${randomBytes(32).toString('hex')}`;
      const started = now();
      const logger = (deps.logger ?? createLogger()).child({ jobName, jobRunId });
      let stopPython = async (): Promise<void> => undefined;
      try {
        const job = checkJobArguments(args, deps.location);
        const { stage, stop } = heavyEtlStage({
          name: job.stage,
          python: deps.python ?? pythonCommand(),
          segmentsPath: deps.segmentsPath ?? HEAVY_ETL_SEGMENTS_PATH,
          recordsPerPart: deps.recordsPerPart ?? LOCAL_RECORDS_PER_PART,
        });
        stopPython = stop;
        const result = await runStage(stage, stageEvent(job), {
          s3: deps.s3,
          location: deps.location,
          logger,
          now,
          ...(options.signal !== undefined && { signal: options.signal }),
        });
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
        await stopPython();
        if (error instanceof StageAbortedError) {
          logger.warn({ err: error }, error.message);
          throw error;
        }
        const failure = toJobRunError(error, jobName, jobRunId);
        logger.error({ err: error }, failure.message);
        throw failure;
      }
    },
  };
}

/**
 * The event runStage receives, as a compiled Lambda step would send it: the workflow, and as
 * input the pointer to read with the logical date, which `resolveLogicalDate` takes first, and
 * the run key when the job was given one.
 */
function stageEvent(job: CheckedJobArguments): StageEvent {
  return {
    executionId: job.executionId,
    workflow: job.workflow,
    input: {
      bucket: job.bucket,
      key: job.inputKey,
      logicalDate: job.logicalDate,
      // The upstream's run key, which runStage carries into the result, as a Lambda step's.
      ...(job.runKey !== undefined && { runKey: job.runKey }),
    },
  };
}

function toJobRunError(error: unknown, jobName: string, jobRunId: string): GlueJobRunError {
  const inner = unwrapStageError(error);
  const reason = inner instanceof Error ? inner.message : String(inner);
  const message = `${jobName} job run ${jobRunId} failed: ${reason}`;
  if (inner instanceof PythonFailedError)
    return new GlueJobRunError(message, jobRunId, { cause: inner.traceback });
  return new GlueJobRunError(message, jobRunId, { cause: inner });
}

/**
 * runStage names every failure for Step Functions, wrapping an unnamed one as
 * `{stage}: {message}` with the original as its cause. A Glue job run has one error name
 * (`States.TaskFailed`), so the original is what the job run reports.
 */
function unwrapStageError(error: unknown): unknown {
  const wrapped = error instanceof FatalStageError || error instanceof RetryableStageError;
  const cause = wrapped ? error.cause : undefined;
  if (cause instanceof Error && error instanceof Error && error.message.endsWith(cause.message))
    return cause;
  return error;
}
