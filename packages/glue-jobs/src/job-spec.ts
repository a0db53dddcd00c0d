import { GLUE_JOB_ARGUMENT_NAMES, type GlueJobArgumentName } from '@ceap/core';
import {
  defaultArgumentsFor,
  GlueJobType,
  type GlueWorkerType,
  WORKER_PRESETS,
  type WorkloadPreset,
} from './glue-presets.js';
import { HEAVY_ETL_TIMEOUT_MINUTES } from './glue-timeouts.js';
import { validateGlueJobSpec } from './job-spec-validation.js';
import { HEAVY_ETL_PYTHON_DIR, HEAVY_ETL_SCRIPT_PATH, HEAVY_ETL_SEGMENTS_PATH } from './paths.js';

/** The heavy-ETL job's base name; a deployment prefix goes in front of it. */
export const HEAVY_ETL_JOB_NAME = 'ceap-workflow-batch-heavy-etl';

/**
 * The arguments the compiled state machine sends each run (see HeavyEtlJobArguments): core's
 * `GLUE_JOB_ARGUMENT_NAMES`, the one list the compiler, this package and the Python job share.
 */
export const HEAVY_ETL_JOB_ARGUMENTS: readonly GlueJobArgumentName[] = GLUE_JOB_ARGUMENT_NAMES;

/** A Glue job, as plain data for infra to turn into a `CfnJob` (the field names follow it). */
export interface GlueJobSpec {
  readonly name: string;
  readonly description?: string;
  /** The job's `Command.Name`. */
  readonly jobType: (typeof GlueJobType)[keyof typeof GlueJobType];
  readonly glueVersion: string;
  readonly pythonVersion: '3' | '3.9';
  /** `s3://…` once uploaded; a local path until infra replaces it with the asset's URI. */
  readonly scriptLocation: string;
  /** Spark jobs only. */
  readonly workerType?: GlueWorkerType;
  /** Spark jobs only: at least 2; with `--enable-auto-scaling`, the cap. */
  readonly numberOfWorkers?: number;
  /** Python shell jobs only: 0.0625 or 1 DPU. */
  readonly maxCapacity?: number;
  /** Batch jobs only; a streaming job runs until stopped. */
  readonly timeoutMinutes?: number;
  readonly maxRetries: number;
  readonly maxConcurrentRuns: number;
  readonly defaultArguments: Readonly<Record<string, string>>;
  /** The name of a Glue security configuration (encryption of logs, bookmarks and S3 output). */
  readonly securityConfiguration?: string;
  /** Files that must be uploaded with the job. */
  readonly assets?: GlueJobAssets;
}

/** The local files a job needs in S3, for infra to publish as assets. */
export interface GlueJobAssets {
  readonly script: string;
  /** A folder to zip for `--extra-py-files`. */
  readonly pythonModules?: string;
  /** Files for `--extra-files` (copied to the script's working directory). */
  readonly extraFiles?: readonly string[];
}

/** Options for {@link heavyEtlJobSpec}. */
export interface HeavyEtlJobSpecOptions {
  /** A deployment prefix: the job becomes `{prefix}-ceap-workflow-batch-heavy-etl`. @default none */
  readonly prefix?: string;
  /** @default '4.0' */
  readonly glueVersion?: '4.0' | '5.0';
  /** @default 'small_etl' (G.1X x 2) */
  readonly workload?: WorkloadPreset;
  /** @default HEAVY_ETL_SCRIPT_PATH, a local path for infra to upload */
  readonly scriptLocation?: string;
  /** S3 URI of the zipped Python core (HEAVY_ETL_PYTHON_DIR). */
  readonly extraPyFiles?: string;
  /** S3 URI of the segments CSV (HEAVY_ETL_SEGMENTS_PATH), copied in as `segments.csv`. */
  readonly extraFiles?: string;
  /** `s3://…/` for Spark event logs: turns the Spark UI on. @default Spark UI off */
  readonly sparkEventLogsPath?: string;
  readonly tempDir?: string;
  readonly securityConfiguration?: string;
  /**
   * Keep the step's `TimeoutSeconds` at `glueStepTimeoutSeconds(timeoutMinutes)`, and its
   * retries within the workflow's timeout.
   * @default HEAVY_ETL_TIMEOUT_MINUTES (90)
   */
  readonly timeoutMinutes?: number;
  /** Extra default arguments, applied last. */
  readonly defaultArguments?: Readonly<Record<string, string>>;
}

/**
 * The heavy-ETL Glue job: glueetl on Glue 4.0, G.1X x 2, 90 minutes, MaxRetries 0 (Step
 * Functions retries the step instead, so a retry is visible in the execution history; its 3
 * attempts fit inside the batch workflow's 6 hours, see HEAVY_ETL_TIMEOUT_MINUTES).
 *
 * Job bookmarks are off: each run reads one explicit input pointer, and a bookmark would make
 * a redrive of the same execution skip records it has already seen.
 *
 * @example
 * const spec = heavyEtlJobSpec({ prefix: 'dev', scriptLocation: asset.s3ObjectUrl });
 * // spec.name === 'dev-ceap-workflow-batch-heavy-etl'
 */
export function heavyEtlJobSpec(options: HeavyEtlJobSpecOptions = {}): GlueJobSpec {
  const workers = WORKER_PRESETS[options.workload ?? 'small_etl'];
  return validateGlueJobSpec(
    {
      name:
        options.prefix === undefined
          ? HEAVY_ETL_JOB_NAME
          : `${options.prefix}-${HEAVY_ETL_JOB_NAME}`,
      description: 'ceap HeavyETLStage: dedupe by customer, RFM features and segment join',
      jobType: GlueJobType.Etl,
      glueVersion: options.glueVersion ?? '4.0',
      pythonVersion: '3',
      scriptLocation: options.scriptLocation ?? HEAVY_ETL_SCRIPT_PATH,
      workerType: workers.workerType,
      numberOfWorkers: workers.numberOfWorkers,
      timeoutMinutes: options.timeoutMinutes ?? HEAVY_ETL_TIMEOUT_MINUTES,
      maxRetries: 0,
      maxConcurrentRuns: 10,
      defaultArguments: {
        ...defaultArgumentsFor(GlueJobType.Etl, {
          jobBookmarks: false,
          sparkEventLogsPath: options.sparkEventLogsPath,
          tempDir: options.tempDir,
        }),
        ...(options.extraPyFiles !== undefined && { '--extra-py-files': options.extraPyFiles }),
        ...(options.extraFiles !== undefined && { '--extra-files': options.extraFiles }),
        ...options.defaultArguments,
      },
      ...(options.securityConfiguration !== undefined && {
        securityConfiguration: options.securityConfiguration,
      }),
      assets: {
        script: HEAVY_ETL_SCRIPT_PATH,
        pythonModules: HEAVY_ETL_PYTHON_DIR,
        extraFiles: [HEAVY_ETL_SEGMENTS_PATH],
      },
    },
    options.prefix,
  );
}
