import type { JsonRecord, RunManifest } from '@ceap/core';
import type { RecordedUsage } from '../cost/execution-cost.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  RedriveRequest,
  StartRequest,
} from '../execution-types.js';
import type { CleanReport, CleanRequest } from './clean-types.js';
import type { LogsRequest } from './execution-logs.js';
import type { RunStepRequest, StepTestRun } from './run-step-types.js';
import type { RejectsRequest, StageRejects } from './stage-rejects.js';

/**
 * What the client needs from a place executions run: the local engine or AWS. The client
 * loads a target's module only when that target is chosen.
 */
export interface ExecutionTarget {
  /** Starts an execution (with `request.detach`, one that runs on without this process). */
  start(request: StartRequest): Promise<ExecutionHandle>;
  /**
   * A handle on an execution that already exists, started by this process or another.
   * Throws ExecutionNotFoundError when there is none with this id.
   */
  getHandle(executionId: string): Promise<ExecutionHandle>;
  /**
   * Runs a FAILED, TIMED_OUT or ABORTED execution again from where it failed; throws
   * RunnerUsageError for one that is RUNNING or SUCCEEDED, or that cannot be redriven.
   */
  redrive(executionId: string, request?: RedriveRequest): Promise<ExecutionHandle>;
  describe(executionId: string): Promise<ExecutionDescription>;
  /** What the execution used, for its cost: transitions, task attempts, functions' sizing. */
  usage(executionId: string): Promise<RecordedUsage>;
  list(filter: ExecutionFilter): Promise<ExecutionDescription[]>;
  /** The records of a stage's output (default: the last stage that wrote one). */
  output(executionId: string, stage?: string): AsyncIterable<JsonRecord>;
  /** A step's rejected records and their counts. Throws RunnerUsageError for an unknown step. */
  rejects(executionId: string, request: RejectsRequest): Promise<StageRejects>;
  /** The run manifest (each step's and Map iteration's result), undefined before any step ended. */
  manifest(executionId: string): Promise<RunManifest | undefined>;
  /** The input the execution started with (a claim-checked input's pointer, not its records). */
  input(executionId: string): Promise<JsonRecord | undefined>;
  /** The execution's log lines (pino JSON objects); RunnerUsageError where logs cannot be read. */
  logs(executionId: string, request: LogsRequest): AsyncIterable<JsonRecord>;
  /**
   * Runs one Lambda or Map step of an existing execution again on the inputs that execution
   * gave it, writing under `{step}/test-{n}/`. Throws RunnerUsageError for an unknown workflow,
   * step or execution, or a step that never received input; StepTestFailedError when it fails.
   */
  runStep(request: RunStepRequest): Promise<StepTestRun>;
  /** Deletes old executions and their data (local target). */
  clean(request: CleanRequest): Promise<CleanReport>;
  /**
   * The keys under `{keyPrefix}{prefix}` of the workflow's data bucket, in key order: what its
   * `objectCreated` trigger watches.
   */
  objectKeys(workflow: string, prefix: string): Promise<string[]>;
  /** Releases what the target holds (the embedded S3 server, clients). */
  close(): Promise<void>;
}
