import type { JsonRecord, RunManifest } from '@ceap/core';
import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
import { runBackfill } from '../backfill/backfill.js';
import type { BackfillReport, BackfillRequest } from '../backfill/backfill-types.js';
import { Target } from '../constants.js';
import {
  type CostProjection,
  type CostProjectionRequest,
  lastRun,
  projectCost,
} from '../cost/cost-projection.js';
import {
  BUILT_IN_PRICES,
  type ExecutionCost,
  executionCost,
  type PricesInUse,
  type RecordedUsage,
} from '../cost/execution-cost.js';
import { RunnerUsageError } from '../errors.js';
import type {
  ExecutionDescription,
  ExecutionFilter,
  ExecutionHandle,
  RedriveRequest,
  StartRequest,
} from '../execution-types.js';
import { mermaidDag } from '../graph/mermaid-dag.js';
import { mermaidFlowchart } from '../graph/mermaid-graph.js';
import type { CleanReport, CleanRequest } from './clean-types.js';
import type { LogsRequest } from './execution-logs.js';
import type { ExecutionTarget } from './execution-target.js';
import { type SendOutcome, type SendRequest, sendMessages } from './pipe-send.js';
import type { RunStepRequest, StepTestRun } from './run-step-types.js';
import type { RunnerClientOptions } from './runner-client-options.js';
import type { RejectsRequest, StageRejects } from './stage-rejects.js';
import { findWorkflow } from './start-plan.js';

/** Starts, watches and reads executions, locally or on AWS. */
export interface RunnerClient {
  /** Where this client's executions run. */
  readonly target: Target;
  /**
   * Starts an execution and returns its handle once it is running. With `detach: true` the
   * execution runs on without this process (locally, in a detached worker process).
   */
  start(request: StartRequest): Promise<ExecutionHandle>;
  /** `start()` then `result()`: throws ExecutionFailedError when the execution did not succeed. */
  execute(request: StartRequest): Promise<ExecutionDescription>;
  /**
   * Delivers SQS message bodies as the deployed pipe does: starts the workflow with the array
   * of bodies (JSON ones parsed) under a name derived from them, `{workflow}-{16 hex}`. When
   * an execution of the same messages has succeeded, nothing is started; after a failed one,
   * the next attempt is `{name}-2`, `-3`, …
   */
  send(request: SendRequest): Promise<SendOutcome>;
  /**
   * A handle on an existing execution, whichever process started it: `result()` waits for its
   * end. Throws ExecutionNotFoundError for an unknown id.
   */
  getHandle(executionId: string): Promise<ExecutionHandle>;
  /**
   * Resumes a FAILED, TIMED_OUT or ABORTED execution at the step that failed, as Step
   * Functions' RedriveExecution does, and returns its handle as `start()` does. Locally it runs
   * the same definition under the same id with the recorded input; each step and Map iteration
   * that succeeded before returns its recorded result (its output is checked, never rewritten),
   * the rest run with the current code and configuration. On AWS it calls RedriveExecution
   * (Standard only). Throws RunnerUsageError for a RUNNING or SUCCEEDED execution.
   */
  redrive(executionId: string, request?: RedriveRequest): Promise<ExecutionHandle>;
  /** The execution's current state. */
  describe(executionId: string): Promise<ExecutionDescription>;
  /**
   * What an execution used, as AWS bills it (state transitions, task attempts and durations,
   * the functions' memory); `ceap cost` prices it. Throws UsageNotRecordedError for a local
   * execution still running or run before usage was recorded.
   */
  usage(executionId: string): Promise<RecordedUsage>;
  /** One execution's cost, priced from its usage (default prices: the built-in dated table). */
  cost(executionId: string, prices?: PricesInUse): Promise<ExecutionCost>;
  /**
   * N runs of a workflow priced, next to a month of MWAA: per-run quantities from the compiled
   * definition and the last succeeded local run of the workflow, if there is one.
   */
  projectCost(request: CostProjectionRequest): Promise<CostProjection>;
  /** Executions, newest first. */
  list(filter?: ExecutionFilter): Promise<ExecutionDescription[]>;
  /** The records of a stage's output (default: the last stage's), streamed. */
  output(executionId: string, stage?: string): AsyncIterable<JsonRecord>;
  /**
   * A step's rejected records with their reasons (optionally one reason, at most `limit`), and
   * the step's rejected count as `describe()` shows it. Throws RunnerUsageError for an unknown
   * step.
   */
  rejects(executionId: string, request: RejectsRequest): Promise<StageRejects>;
  /**
   * The run manifest, the execution's lineage: each step's result (pointers, counts, timings)
   * and each Map iteration's, from `executions/{id}/_manifest/`. Undefined before a step ended.
   */
  manifest(executionId: string): Promise<RunManifest | undefined>;
  /**
   * The input the execution started with, as Step Functions received it: for an input whose
   * records went by reference, the pointer (`{ source: { key } }`), not the records.
   */
  input(executionId: string): Promise<JsonRecord | undefined>;
  /**
   * The execution's log lines (pino JSON objects bound to executionId, workflow and stage),
   * one step's with `step`; with `follow`, read on until the execution ends. Locally from the
   * execution's log file; on AWS from CloudWatch Logs (the steps' Lambda and Glue log groups,
   * found from the execution history).
   */
  logs(executionId: string, request?: LogsRequest): AsyncIterable<JsonRecord>;
  /**
   * Runs one step of an existing execution again, as `airflow tasks test` does: on the exact
   * input the state machine gave it in that execution (locally rebuilt by replaying the
   * definition over the run manifest; on AWS read from the execution history), through the
   * stage the step runs (locally the engine's binding; on AWS its Lambda), writing under
   * `{step}/test-{n}/` so the execution's own output is never overwritten. A Map step runs each
   * iteration, or only `iteration`. Glue steps are refused. Throws StepTestFailedError when the
   * stage fails.
   */
  runStep(request: RunStepRequest): Promise<StepTestRun>;
  /**
   * Deletes local executions (index record, input, log and S3 objects) older than
   * `olderThanMs` or beyond the newest `keep`, never one still running; reports what it freed.
   * Local target only: on AWS it throws RunnerUsageError.
   */
  clean(request: CleanRequest): Promise<CleanReport>;
  /**
   * The workflow as a Mermaid flowchart: its DAG of steps (branches, maps, sensors and waits
   * each with its shape), or with `states: true` its compiled definition state by state.
   */
  graph(workflow: string, options?: GraphOptions): string;
  /**
   * Runs the workflow once per logical date from `from` to `to` under each date's own id
   * (`{workflow}-{YYYY-MM-DD}`), at most `maxActive` at once; `rerun` decides what a date
   * that already ran does. Resolves when every run has ended (see `runBackfill`).
   */
  backfill(request: BackfillRequest): Promise<BackfillReport>;
  /**
   * The keys under `prefix` (after the deployment's key prefix) of the workflow's data bucket,
   * in key order: what a workflow's `objectCreated` trigger watches.
   */
  objectKeys(workflow: string, prefix: string): Promise<string[]>;
  /** The workflows this client knows (the project's, else the shipped ones). */
  workflows(): readonly Workflow[];
  /** Waits for executions this client runs locally, then stops the embedded S3 server. */
  close(): Promise<void>;
}

/** Options of {@link RunnerClient.graph}. */
export interface GraphOptions {
  /** Draw the compiled state machine state by state, not the DAG of steps. @default false */
  readonly states?: boolean;
}

type Workflows = Readonly<Record<string, Workflow>>;

/**
 * The runner as a library: the CLI is a thin layer over this client. The client itself
 * depends on @ceap/core only: the local engine (and with it the stages, the Glue executor,
 * aws-local-stepfunctions and the embedded S3 server) is loaded the first time a local
 * execution is touched, the AWS SDK clients the first time an AWS one is.
 *
 * @example
 * const client = createRunnerClient();
 * try {
 *   const handle = await client.start({ workflow: 'realtime' });
 *   const done = await handle.result(); // throws ExecutionFailedError on failure
 *   for await (const record of client.output(done.executionId)) process.stdout.write(`${JSON.stringify(record)}\n`);
 * } finally {
 *   await client.close();
 * }
 */
export function createRunnerClient(options: RunnerClientOptions = {}): RunnerClient {
  const target = options.target ?? Target.Local;
  if (target !== Target.Local && target !== Target.Aws) {
    throw new RunnerUsageError(`--target ${JSON.stringify(target)} must be local or aws`);
  }
  let workflows = options.workflows;
  const known = (): Workflows => {
    workflows ??= loadShippedWorkflows();
    return workflows;
  };
  let backend: ExecutionTarget | undefined;
  const get = (): ExecutionTarget => {
    backend ??= loadTarget(target, options, known());
    return backend;
  };

  const client: RunnerClient = {
    target,
    start: (request) => get().start(request),
    execute: async (request) => (await get().start(request)).result(),
    send: (request) => sendMessages(get(), request),
    getHandle: (executionId) => get().getHandle(executionId),
    redrive: (executionId, request = {}) => get().redrive(executionId, request),
    describe: (executionId) => get().describe(executionId),
    usage: (executionId) => get().usage(executionId),
    cost: async (executionId, prices = BUILT_IN_PRICES) => {
      const description = await get().describe(executionId);
      const workflow = findWorkflow(known(), description.workflow);
      return executionCost(workflow, description, await get().usage(executionId), prices);
    },
    projectCost: async (request) => {
      const workflow = findWorkflow(known(), request.workflow);
      const measured = target === Target.Local ? await lastRun(get(), workflow.name) : undefined;
      return projectCost(workflow, request, request.prices ?? BUILT_IN_PRICES, measured);
    },
    list: (filter = {}) => get().list(filter),
    output: (executionId, stage) => get().output(executionId, stage),
    rejects: (executionId, request) => get().rejects(executionId, request),
    manifest: (executionId) => get().manifest(executionId),
    input: (executionId) => get().input(executionId),
    logs: (executionId, request = {}) => get().logs(executionId, request),
    runStep: (request) => get().runStep(request),
    clean: (request) => get().clean(request),
    graph: (workflow, graphOptions = {}) => {
      const found = findWorkflow(known(), workflow);
      return graphOptions.states ? mermaidFlowchart(compileWorkflow(found)) : mermaidDag(found);
    },
    backfill: (request) => runBackfill(client, findWorkflow(known(), request.workflow), request),
    objectKeys: (workflow, prefix) => get().objectKeys(workflow, prefix),
    workflows: () => Object.values(known()),
    close: async () => {
      await backend?.close();
    },
  };
  return client;
}

/*
 * The lazy loads below use `require` on purpose: a static import, or an `import()` that the
 * compiler would hoist, would load the engine of every target whatever the one in use. The
 * test `runner-client-loading.test.ts` fails if either module is imported eagerly.
 */

/** The shipped workflows, from @ceap/stages, loaded only when no workflows were given. */
function loadShippedWorkflows(): Workflows {
  const stages = require('@ceap/stages') as typeof import('@ceap/stages');
  return stages.SHIPPED_WORKFLOWS;
}

function loadTarget(
  target: Target,
  options: RunnerClientOptions,
  workflows: Workflows,
): ExecutionTarget {
  if (target === Target.Local) {
    const local = require('../local/local-target.js') as typeof import('../local/local-target.js');
    return new local.LocalTarget({ workflows, ...options.local });
  }
  const aws = require('../aws/aws-target.js') as typeof import('../aws/aws-target.js');
  return new aws.AwsTarget({ workflows, ...options.aws });
}
