import {
  ConfigurationError,
  ensurePromiseWithResolvers,
  type JsonRecord,
  runStage,
  type StageEvent,
  type StageResult,
} from '@ceap/core';
import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
import {
  ExecutionAbortedError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
} from 'aws-local-stepfunctions';
import { ExecutionStatus } from '../constants.js';
import type { LocalEngineOptions, LocalGlueExecutor } from './local-engine-options.js';
import { describeCause, type StateEvent } from './stage-tracker.js';

/** The local account and region in ARNs the engine makes up. */
const LOCAL_ARN_PREFIX = 'arn:aws:states:local:000000000000';

/** The execution ARN the local engine gives an execution (its `$$.Execution.Id`). */
export function localExecutionArn(workflow: string, executionId: string): string {
  return `${LOCAL_ARN_PREFIX}:execution:${workflow}:${executionId}`;
}

/** How a local execution ended. */
export interface LocalOutcome {
  readonly status: ExecutionStatus;
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
  /** Settles when the execution ends and every event was delivered; never rejects. */
  readonly outcome: Promise<LocalOutcome>;
  /** Stops the execution: it ends ABORTED. */
  abort(): void;
}

/** What {@link LocalEngine.run} runs. */
export interface LocalRunRequest {
  readonly workflow: Workflow;
  readonly executionId: string;
  readonly input: JsonRecord;
  /** Called when a task returns its stage result (counts and output pointer). */
  readonly onStageResult?: (stage: string, result: StageResult) => void;
  /** Called with each event of the run, live (StateEntered, StateFailed, StateRetried, …). */
  readonly onEvent?: (event: StateEvent) => void;
}

/** Runs compiled workflows in-process: the same ASL that infra deploys. */
export interface LocalEngine {
  run(request: LocalRunRequest): LocalRun;
}

type TaskHandler = (parameters: unknown) => Promise<unknown>;
type TaskHandlers = NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers'];

// Validating a definition costs ~90 ms: build each state machine once per process.
const machines = new WeakMap<Workflow, StateMachine>();

function machineFor(workflow: Workflow): StateMachine {
  let machine = machines.get(workflow);
  if (!machine) {
    const definition = compileWorkflow(workflow) as unknown as ConstructorParameters<
      typeof StateMachine
    >[0];
    // The `${…FunctionArn}` placeholders stay in: tasks are bound by state name instead.
    machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
    machines.set(workflow, machine);
  }
  return machine;
}

/**
 * The embedded engine: aws-local-stepfunctions runs `compileWorkflow(workflow)`, with each
 * Lambda task bound by state name to `runStage(stage, payload)` (returning the
 * `{ Payload, StatusCode }` shape of `lambda:invoke`) and the Glue task to the local Glue
 * executor (returning the job-run shape of `glue:startJobRun.sync`). Errors keep their names,
 * so the ASL's Retry rules match exactly as on AWS.
 *
 * @example
 * const engine = createLocalEngine({ stages: STAGES, s3, location: { bucket }, logger });
 * const run = engine.run({ workflow: realtimeWorkflow, executionId: 'rt-1', input });
 * const outcome = await run.outcome; // { status: 'SUCCEEDED', output, stoppedAt }
 */
export function createLocalEngine(options: LocalEngineOptions): LocalEngine {
  ensurePromiseWithResolvers();
  let glueExecutor: LocalGlueExecutor | undefined;
  const glue = (): LocalGlueExecutor => {
    if (!options.createGlueExecutor) {
      throw new ConfigurationError(
        'the local engine has no Glue executor (createGlueExecutor) for a Glue step',
      );
    }
    glueExecutor ??= options.createGlueExecutor({
      s3: options.s3,
      location: options.location,
      logger: options.logger,
    });
    return glueExecutor;
  };
  const now = options.now ?? (() => new Date());

  return {
    run(request) {
      const { workflow, executionId } = request;
      const handlers = taskHandlers(options, glue, request);
      const startedAt = now().toISOString();
      const executionArn = localExecutionArn(workflow.name, executionId);
      const execution = machineFor(workflow).run(
        request.input as Parameters<StateMachine['run']>[0],
        {
          overrides: {
            taskResourceLocalHandlers: handlers as TaskHandlers,
            retryIntervalOverrides: { ...options.retryIntervalOverrides },
          },
          context: executionContext(workflow, executionId, executionArn, startedAt),
        },
      );

      let failedState: string | undefined;
      const delivered = (async () => {
        for await (const event of execution.eventLogs) {
          const stateEvent = event as unknown as StateEvent;
          if (stateEvent.type === 'StateFailed') failedState = stateEvent.state?.name;
          try {
            request.onEvent?.(stateEvent);
          } catch {
            // A progress listener must never break the execution.
          }
        }
      })();
      const ended = execution.result.then(
        (output): LocalOutcome => ({
          status: ExecutionStatus.Succeeded,
          output,
          stoppedAt: now().toISOString(),
        }),
        (error: unknown) => failedOutcome(error, workflow, now().toISOString()),
      );
      const outcome = Promise.all([ended, delivered]).then(([result]) =>
        result.status === ExecutionStatus.Succeeded ? result : { ...result, failedState },
      );
      return { executionArn, startedAt, outcome, abort: () => execution.abort() };
    },
  };
}

/** One handler per task state, keyed by state name (= stage name). */
function taskHandlers(
  options: LocalEngineOptions,
  glue: () => LocalGlueExecutor,
  request: LocalRunRequest,
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  for (const step of request.workflow.steps) {
    if (step.kind === 'glue') {
      handlers[step.stage] = async (parameters) => {
        const args = (parameters as { Arguments?: Record<string, string> }).Arguments ?? {};
        const { result, ...jobRun } = await glue().run(args);
        if (result) request.onStageResult?.(step.stage, result);
        return jobRun;
      };
      continue;
    }
    const stage = options.stages[step.stage];
    if (!stage) throw new ConfigurationError(`no local stage is bound to state "${step.stage}"`);
    handlers[step.stage] = async (parameters) => {
      // The state's Parameters are `{ FunctionName, Payload }`, as lambda:invoke gets them.
      const payload = (parameters as { Payload?: StageEvent }).Payload as StageEvent;
      const result = await runStage(stage, payload, {
        s3: options.s3,
        location: options.location,
        logger: options.logger,
        env: options.env ?? process.env,
        now: options.now,
      });
      request.onStageResult?.(step.stage, result);
      return { Payload: result, StatusCode: 200, ExecutedVersion: '$LATEST' };
    };
  }
  for (const [state, handler] of Object.entries(handlers)) {
    handlers[state] = (parameters) =>
      handler(parameters).catch((error: unknown) => {
        throw toTaskError(error);
      });
  }
  return handlers;
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

/** How an execution that did not succeed ended: aborted, timed out, or failed with a cause. */
function failedOutcome(error: unknown, workflow: Workflow, stoppedAt: string): LocalOutcome {
  if (error instanceof ExecutionAbortedError) {
    return {
      status: ExecutionStatus.Aborted,
      error: 'States.Aborted',
      cause: 'stopped by the user',
      stoppedAt,
    };
  }
  if (error instanceof ExecutionTimeoutError) {
    return {
      status: ExecutionStatus.TimedOut,
      error: 'States.Timeout',
      cause: `the execution ran longer than ${workflow.timeoutSeconds} s`,
      stoppedAt,
    };
  }
  const inner = (error as { cause?: unknown }).cause;
  const failed = inner instanceof Error ? inner : (error as Error);
  return {
    status: ExecutionStatus.Failed,
    error: failed.name,
    cause: describeCause((failed as { cause?: unknown }).cause) ?? failed.message,
    stoppedAt,
  };
}

/**
 * The error a task override throws: the original name (what Retry and Catch match) and a
 * plain-text Cause, with any detail from the original's cause (a Python traceback) appended.
 */
function toTaskError(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const detail = original.cause;
  const message =
    typeof detail === 'string' && detail.trim() !== ''
      ? `${original.message}\n${detail.trim()}`
      : original.message;
  const taskError = new Error(message);
  taskError.name = original.name;
  return taskError;
}
