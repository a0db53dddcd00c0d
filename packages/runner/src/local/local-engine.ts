import {
  ConfigurationError,
  ensurePromiseWithResolvers,
  type JsonRecord,
  type StageResult,
} from '@ceap/core';
import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import { ExecutionStatus, MAX_PAYLOAD_BYTES } from '../constants.js';
import { ExecutionInputTooLargeError } from '../errors.js';
import { LOCAL_ARN_PREFIX, localExecutionArn } from './local-arns.js';
import type { LocalEngineOptions, LocalGlueExecutor } from './local-engine-options.js';
import { failedOutcome, failsAStep } from './local-outcome.js';
import { enforcePayloadLimits, PAYLOAD_LIMIT_OPTION, payloadBytes } from './payload-limits.js';
import type { StateEvent } from './stage-tracker.js';
import type { StepReuse } from './step-reuse.js';
import { taskHandlers } from './task-bindings.js';
import { eachState, TaskWork, taskTimeouts } from './task-signals.js';

/** How a local execution ended. */
export interface LocalOutcome {
  readonly status: ExecutionStatus;
  /** A successful execution's output: each step's result or status, by step name. */
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** The state whose failure ended the execution. */
  readonly failedState?: string;
  readonly stoppedAt: string;
}

/** One running execution of the local engine. */
export interface LocalRun {
  readonly executionArn: string;
  readonly startedAt: string;
  /**
   * Settles when the execution ends, every event was delivered and every task it started has
   * settled (a stopped or timed-out one included); never rejects.
   */
  readonly outcome: Promise<LocalOutcome>;
  /** Stops the execution: it ends ABORTED. */
  abort(): void;
}

/** What {@link LocalEngine.run} runs. */
export interface LocalRunRequest {
  readonly workflow: Workflow;
  readonly executionId: string;
  readonly input: JsonRecord;
  /**
   * Called when a Lambda step's stage or a Glue job returns its result (counts and output
   * pointer), by step name. A Map's counts are its iterations' sum, in the run manifest.
   */
  readonly onStageResult?: (step: string, result: StageResult) => void;
  /** Called with each event of the run, live (StateEntered, StateFailed, StateRetried, …). */
  readonly onEvent?: (event: StateEvent) => void;
  /** A redrive's: steps and Map iterations that succeeded before are not run again. */
  readonly reuse?: StepReuse;
  /** `$$.Execution.StartTime`: a replay's is the recorded run's. @default now */
  readonly startedAt?: string;
  /** Retries and Wait states take 0 ms, for a replay that only reads what a run recorded. */
  readonly instant?: boolean;
}

/** Runs compiled workflows in-process: the same ASL that infra deploys. */
export interface LocalEngine {
  run(request: LocalRunRequest): LocalRun;
}

type TaskHandlers = NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers'];

/** A workflow's compiled state machine, and each of its Task states' TimeoutSeconds. */
interface CompiledMachine {
  readonly machine: StateMachine;
  readonly timeouts: Readonly<Record<string, number>>;
}

// Validating a definition costs ~90 ms: build each state machine once per process.
const machines = new WeakMap<Workflow, CompiledMachine>();

function machineFor(workflow: Workflow): CompiledMachine {
  let compiled = machines.get(workflow);
  if (!compiled) {
    const definition = compileWorkflow(workflow);
    // The `${…FunctionArn}` placeholders stay in: tasks are bound by state name instead.
    const machine = new StateMachine(
      definition as unknown as ConstructorParameters<typeof StateMachine>[0],
      { validationOptions: { checkArn: false } },
    );
    compiled = { machine, timeouts: taskTimeouts(definition) };
    machines.set(workflow, compiled);
  }
  return compiled;
}

/**
 * The embedded engine: aws-local-stepfunctions runs `compileWorkflow(workflow)`, the same ASL
 * infra deploys, with each task state bound by its name (see `taskHandlers`): stages and Map
 * iterations to `runStage` (returning `lambda:invoke`'s `{ Payload, StatusCode }`), Map
 * listings and S3 sensors to S3 ListObjectsV2, Glue steps to the local Glue executor
 * (returning the job-run shape of `glue:startJobRun.sync`). Errors keep their names, so the
 * ASL's Retry and Catch rules match exactly as on AWS. The execution's output is its `steps`
 * map: each step's result or status. Events of Parallel branches and Map iterations reach
 * `onEvent` like any other.
 *
 * Step Functions' payload limits hold as on AWS: `run` refuses an execution input over 256 KiB
 * (ExecutionInputTooLargeError), and a state's input or output, a task's result or a Map
 * item over it fails the execution with `States.DataLimitExceeded`, which no Retry or Catch
 * rule matches.
 *
 * @example
 * const engine = createLocalEngine({ stages: STAGES, s3, location: { bucket }, logger });
 * const run = engine.run({ workflow: realtimeWorkflow, executionId: 'rt-1', input });
 * const outcome = await run.outcome; // { status: 'SUCCEEDED', output: { ETLStage: {…}, … }, stoppedAt }
 */
export function createLocalEngine(options: LocalEngineOptions): LocalEngine {
  ensurePromiseWithResolvers();
  enforcePayloadLimits();
  const glue = glueExecutors(options);
  const now = options.now ?? (() => new Date());

  return {
    run(request) {
      const { workflow, executionId } = request;
      const inputBytes = payloadBytes(request.input);
      if (inputBytes > MAX_PAYLOAD_BYTES) {
        throw new ExecutionInputTooLargeError(inputBytes, MAX_PAYLOAD_BYTES);
      }
      const { machine, timeouts } = machineFor(workflow);
      // Stops every task still running when the execution is stopped or has ended (a task the
      // engine abandoned: a timed-out one, or one in a Parallel branch beside a failed one).
      const stopTasks = new AbortController();
      const tasks = new TaskWork();
      const handlers = taskHandlers({
        track: (work) => tasks.add(work),
        options,
        workflow,
        glue,
        signal: stopTasks.signal,
        timeouts,
        ...(request.onStageResult && { onStageResult: request.onStageResult }),
        ...(request.reuse && { reuse: request.reuse }),
      });
      const startedAt = request.startedAt ?? now().toISOString();
      const instant = request.instant ? noWaits(workflow) : undefined;
      const executionArn = localExecutionArn(workflow.name, executionId);
      const execution = machine.run(
        request.input as Parameters<StateMachine['run']>[0],
        {
          overrides: {
            taskResourceLocalHandlers: handlers as TaskHandlers,
            retryIntervalOverrides: { ...options.retryIntervalOverrides, ...instant },
            ...(instant && { waitTimeOverrides: instant }),
          },
          context: executionContext(workflow, executionId, executionArn, startedAt),
          [PAYLOAD_LIMIT_OPTION]: MAX_PAYLOAD_BYTES,
        } as RunOptions,
      );

      const events = deliverEvents(execution.eventLogs, request.onEvent);
      const ended = execution.result.then(
        (output): LocalOutcome => ({
          status: ExecutionStatus.Succeeded,
          output,
          stoppedAt: now().toISOString(),
        }),
        (error: unknown) => failedOutcome(error, workflow, now().toISOString()),
      );
      void ended.then((result) =>
        stopTasks.abort(
          new Error(
            result.status === ExecutionStatus.Aborted ? result.cause : 'the execution ended',
          ),
        ),
      );
      // The engine settles without waiting for the tasks it abandoned or stopped: the outcome
      // waits for them too, so nothing a run started still writes once it has ended.
      const outcome = Promise.all([
        ended,
        events.delivered,
        ended.then(() => tasks.settled()),
      ]).then(([result]) =>
        result.status === ExecutionStatus.Succeeded
          ? result
          : { ...result, failedState: events.failedState() ?? result.failedState },
      );
      return { executionArn, startedAt, outcome, abort: () => execution.abort() };
    },
  };
}

/** 0 ms for every state's retries and waits. */
function noWaits(workflow: Workflow): Record<string, number> {
  return Object.fromEntries(
    [...eachState(compileWorkflow(workflow))].map(([name]) => [name, 0] as const),
  );
}

/**
 * Passes the run's events to `onEvent` as they come, noting the state whose failure ended the
 * execution; `delivered` settles after the last one.
 */
function deliverEvents(
  eventLogs: AsyncIterable<unknown>,
  onEvent: ((event: StateEvent) => void) | undefined,
): { delivered: Promise<void>; failedState: () => string | undefined } {
  let failedState: string | undefined;
  const delivered = (async () => {
    for await (const event of eventLogs) {
      const stateEvent = event as StateEvent;
      if (stateEvent.type === 'StateFailed' && failsAStep(stateEvent.state?.name)) {
        failedState = stateEvent.state?.name;
      }
      try {
        onEvent?.(stateEvent);
      } catch {
        // A progress listener must never break the execution.
      }
    }
  })();
  return { delivered, failedState: () => failedState };
}

/** The Glue executor of each job, built on first use from the bindings. */
function glueExecutors(options: LocalEngineOptions): (job: string) => LocalGlueExecutor {
  const executors = new Map<string, LocalGlueExecutor>();
  return (job) => {
    let executor = executors.get(job);
    if (executor) return executor;
    const factory =
      (options.glueJobs && Object.hasOwn(options.glueJobs, job)
        ? options.glueJobs[job]
        : undefined) ?? options.createGlueExecutor;
    if (!factory) {
      throw new ConfigurationError(
        `the local engine has no Glue executor for job "${job}": bind glueJobs["${job}"] or createGlueExecutor`,
      );
    }
    executor = factory({ s3: options.s3, location: options.location, logger: options.logger });
    executors.set(job, executor);
    return executor;
  };
}

/** The context object (`$$`) the engine does not populate itself. */
function executionContext(
  workflow: Workflow,
  executionId: string,
  executionArn: string,
  startedAt: string,
): RunOptions['context'] {
  return {
    Execution: {
      Id: executionArn,
      Name: executionId,
      StartTime: startedAt,
      RoleArn: `arn:aws:iam::000000000000:role/ceap-local`,
    },
    StateMachine: {
      Id: `${LOCAL_ARN_PREFIX}:stateMachine:${workflow.name}`,
      Name: workflow.name,
    },
  };
}
