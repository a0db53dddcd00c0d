/**
 * Presets for Glue jobs: worker sizes per workload and default arguments per job type. The
 * heavy-ETL job uses them, and so can any other Glue job a pipeline defines.
 */

/** Glue worker types this package accepts. */
export const GlueWorkerType = {
  /** 0.25 DPU: low-volume streaming only. */
  G_025X: 'G.025X',
  /** 1 DPU (4 vCPU, 16 GB): the default for batch ETL. */
  G_1X: 'G.1X',
  /** 2 DPU (8 vCPU, 32 GB). */
  G_2X: 'G.2X',
  /** 4 DPU (16 vCPU, 64 GB): the heaviest joins and aggregations. */
  G_4X: 'G.4X',
  /** 8 DPU (32 vCPU, 128 GB). */
  G_8X: 'G.8X',
} as const;
export type GlueWorkerType = (typeof GlueWorkerType)[keyof typeof GlueWorkerType];

/** Glue job types (the job's `Command.Name`). */
export const GlueJobType = {
  Etl: 'glueetl',
  Streaming: 'gluestreaming',
  PythonShell: 'pythonshell',
} as const;
export type GlueJobType = (typeof GlueJobType)[keyof typeof GlueJobType];

/** A worker recommendation for one kind of workload. */
export interface WorkerPreset {
  readonly workerType: GlueWorkerType;
  /** The worker count; with auto-scaling on, the cap. */
  readonly numberOfWorkers: number;
  readonly description: string;
}

/** Worker recommendations per workload. Start small; a job's metrics tell when to move up. */
export const WORKER_PRESETS = {
  small_etl: {
    workerType: GlueWorkerType.G_1X,
    numberOfWorkers: 2,
    description: 'Up to a few GB a run: the heavy-ETL default',
  },
  medium_etl: {
    workerType: GlueWorkerType.G_1X,
    numberOfWorkers: 10,
    description: 'Tens of GB a run',
  },
  large_etl: {
    workerType: GlueWorkerType.G_2X,
    numberOfWorkers: 20,
    description: 'Hundreds of GB to TB a run, with wide shuffles',
  },
  memory_intensive: {
    workerType: GlueWorkerType.G_4X,
    numberOfWorkers: 10,
    description: 'Large joins, skewed keys or big broadcast tables',
  },
  streaming: {
    workerType: GlueWorkerType.G_025X,
    numberOfWorkers: 2,
    description: 'Low-volume streaming (gluestreaming jobs only)',
  },
} as const satisfies Record<string, WorkerPreset>;
export type WorkloadPreset = keyof typeof WORKER_PRESETS;

/** Options for {@link defaultArgumentsFor}. */
export interface DefaultArgumentsOptions {
  /** `s3://…/` for Spark event logs; when set, the Spark UI is turned on. */
  readonly sparkEventLogsPath?: string;
  /** `s3://…/` for Glue's temporary files (`--TempDir`). */
  readonly tempDir?: string;
  /** @default true for glueetl, false otherwise (streaming checkpoints instead; Python shell has none) */
  readonly jobBookmarks?: boolean;
  /** Scale between 2 and `numberOfWorkers`. @default true for glueetl and gluestreaming */
  readonly autoScaling?: boolean;
}

/**
 * Default arguments per job type: job bookmarks, CloudWatch metrics, continuous logging, the
 * Spark UI with its event-log path, and auto-scaling (its cap is the job's `numberOfWorkers`).
 * Python shell jobs get none of the Spark ones.
 */
export function defaultArgumentsFor(
  jobType: GlueJobType,
  options: DefaultArgumentsOptions = {},
): Record<string, string> {
  const spark = jobType !== GlueJobType.PythonShell;
  const bookmarks = options.jobBookmarks ?? jobType === GlueJobType.Etl;
  return {
    '--job-language': 'python',
    '--job-bookmark-option': bookmarks ? 'job-bookmark-enable' : 'job-bookmark-disable',
    ...(spark && {
      '--enable-metrics': 'true',
      '--enable-continuous-cloudwatch-log': 'true',
      '--enable-observability-metrics': 'true',
    }),
    ...(spark && (options.autoScaling ?? true) && { '--enable-auto-scaling': 'true' }),
    ...(spark &&
      options.sparkEventLogsPath !== undefined && {
        '--enable-spark-ui': 'true',
        '--spark-event-logs-path': options.sparkEventLogsPath,
      }),
    ...(options.tempDir !== undefined && { '--TempDir': options.tempDir }),
  };
}
