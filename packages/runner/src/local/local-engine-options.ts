import type { S3Client } from '@aws-sdk/client-s3';
import type { DataLocation, Logger, StageDefinition, StageResult } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';

/**
 * The arguments the compiled ASL sends to a Glue job, exactly as the state's `Arguments`
 * holds them (core's GlueJobArgument names: `--executionId`, `--bucket`, …).
 */
export type LocalGlueArguments = Readonly<Record<string, string>>;

/** A finished local Glue job run, in the shape of Glue's GetJobRun (what `.sync` returns). */
export interface LocalJobRunLike {
  readonly Id: string;
  readonly JobRunState: string;
  /** The stage result the job wrote, for the progress table. */
  readonly result?: StageResult;
}

/** Options of one local Glue job run. */
export interface LocalGlueRunOptions {
  /**
   * Aborts when the Glue step's TimeoutSeconds elapse or the execution stops: the run should
   * stop (the shipped executor stops python3) and fail with core's StageAbortedError.
   */
  readonly signal?: AbortSignal;
}

/** Runs a Glue job's logic in-process or as a child process (python3). */
export interface LocalGlueExecutor {
  run(args: LocalGlueArguments, options?: LocalGlueRunOptions): Promise<LocalJobRunLike>;
}

/** What a Glue executor is built with: the same S3 and bucket as the stages. */
export interface GlueExecutorDependencies {
  readonly s3: S3Client;
  readonly location: DataLocation;
  readonly logger: Logger;
}

/** Builds a Glue job's executor, once per engine, when the first step of that job starts. */
export type GlueExecutorFactory = (deps: GlueExecutorDependencies) => LocalGlueExecutor;

/**
 * Binds the tasks of a workflow to code. The engine binds each task state by its name: a
 * Lambda step's state and a Map step's iterations run the stage its `stage` names, a Glue
 * step's state runs the executor of its `job`.
 */
export interface LocalStageBindings {
  /** The stages, by stage name (a step's `stage`). */
  // biome-ignore lint/suspicious/noExplicitAny: stages have different config types
  readonly stages: Readonly<Record<string, StageDefinition<any>>>;
  /** The Glue executor of any job not in `glueJobs`; required only by workflows with a Glue step. */
  readonly createGlueExecutor?: GlueExecutorFactory;
  /** Glue executors by job name (a Glue step's `job`), for workflows with several jobs. */
  readonly glueJobs?: Readonly<Record<string, GlueExecutorFactory>>;
  /**
   * Checks what a workflow's tasks need on this machine (python3 for the shipped Glue
   * executor) before its run is reserved, throwing a usage error that says what is missing.
   */
  readonly preflight?: (workflow: Workflow) => void;
}

/** Options of `createLocalEngine`: the bindings, and the S3 and logger every task shares. */
export interface LocalEngineOptions extends LocalStageBindings {
  readonly s3: S3Client;
  readonly location: DataLocation;
  /** Receives the stages' logs. */
  readonly logger: Logger;
  /** The stages' configuration. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Milliseconds to wait before each retry, by state name (a number for every retrier, or one
   * per retrier). Unset states wait as the ASL says, in real time.
   */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}
