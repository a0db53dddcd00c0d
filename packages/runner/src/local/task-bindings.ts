import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  ConfigurationError,
  type DataLocation,
  runStage,
  type StageDefinition,
  type StageEvent,
  type StageResult,
} from '@ceap/core';
import {
  DATA_BUCKET_KEY,
  DATA_KEY_PREFIX_KEY,
  type GlueStep,
  placeholder,
  StateSuffix,
  stepStateName,
  type Workflow,
} from '@ceap/core/workflow';
import type { LocalEngineOptions, LocalGlueExecutor } from './local-engine-options.js';
import { checkPayload } from './payload-limits.js';
import type { StepReuse } from './step-reuse.js';
import { ENGINE_DEFAULT_TASK_TIMEOUT_SECONDS, taskSignal } from './task-signals.js';

/** A task state's local handler: its Parameters in, what the service integration returns out. */
export type TaskHandler = (parameters: unknown) => Promise<unknown>;

/** A handler before it is bound: it also gets the signal its invocation runs under. */
type SignalledHandler = (parameters: unknown, signal: AbortSignal) => Promise<unknown>;

/** What the handlers of one run are built from. */
export interface TaskBindingContext {
  readonly options: LocalEngineOptions;
  readonly workflow: Workflow;
  /** The Glue executor bound to a job, built once per engine. */
  readonly glue: (job: string) => LocalGlueExecutor;
  /** Receives each stage's and Glue job's result (not a Map iteration's, which is a part). */
  readonly onStageResult?: (step: string, result: StageResult) => void;
  /** Aborts when the execution is stopped or has ended: every task still running stops. */
  readonly signal: AbortSignal;
  /** Each Task state's TimeoutSeconds, by state name (see `taskTimeouts`). */
  readonly timeouts: Readonly<Record<string, number>>;
  /** A redrive's: steps and Map iterations that succeeded before return their recorded result. */
  readonly reuse?: StepReuse;
  /** Told of each invocation's work, so the run can wait for what it stopped to settle. */
  readonly track?: (work: Promise<unknown>) => void;
}

/**
 * One handler per task state of the compiled workflow, keyed by state name as
 * aws-local-stepfunctions binds them:
 * - a `lambda` step's state `{step}` and a `map` step's `{step}.iteration` run
 *   `runStage(stages[step.stage], Payload)` and return `lambda:invoke`'s `{ Payload, StatusCode }`;
 * - a `map` step's `{step}.items` and an `s3-sensor` step's `{step}` call S3 ListObjectsV2, as
 *   the `aws-sdk:s3:listObjectsV2` integration does (`${DataBucketName}` is the local bucket);
 * - a `glue` step's `{step}` runs the local Glue executor bound to `step.job`.
 *
 * Every error keeps its name, so the ASL's Retry and Catch rules match exactly as on AWS. A
 * task's input (after Parameters) or result over 256 KiB fails with `States.DataLimitExceeded`.
 *
 * Each invocation runs under an AbortSignal (passed to `runStage`, the Glue executor and S3)
 * that aborts when the state's TimeoutSeconds elapse or the execution stops: the engine only
 * abandons a timed-out task, the signal stops it.
 */
export function taskHandlers(context: TaskBindingContext): Record<string, TaskHandler> {
  const handlers: Record<string, SignalledHandler> = {};
  for (const step of context.workflow.steps) {
    switch (step.kind) {
      case 'lambda':
        handlers[step.name] = stageTask(context, step.name, step.stage, true);
        break;
      case 'map':
        handlers[stepStateName(step.name, StateSuffix.Iteration)] = stageTask(
          context,
          step.name,
          step.stage,
          false,
        );
        handlers[stepStateName(step.name, StateSuffix.Items)] = listingTask(context.options);
        break;
      case 's3-sensor':
        handlers[step.name] = listingTask(context.options);
        break;
      case 'glue':
        handlers[step.name] = glueTask(context, step);
        break;
      default:
        break;
    }
  }
  return Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [state, bound(context, state, handler)]),
  );
}

/**
 * A handler as the engine calls it: payload limits checked on the way in and out, the
 * invocation's signal made, and errors passed on by name.
 */
function bound(context: TaskBindingContext, state: string, handler: SignalledHandler): TaskHandler {
  const timeoutSeconds = context.timeouts[state] ?? ENGINE_DEFAULT_TASK_TIMEOUT_SECONDS;
  return async (parameters) => {
    checkPayload(parameters, state, 'input');
    const task = taskSignal(context.signal, state, timeoutSeconds);
    let result: unknown;
    try {
      const work = handler(parameters, task.signal);
      context.track?.(work);
      result = await work;
    } catch (error) {
      // Timed out, the engine fails the state with its own States.Timeout (which is what its
      // Retry rules match): the stopped stage's StageAbortedError must not get there first.
      if (task.timedOut()) return new Promise<never>(() => undefined);
      throw toTaskError(error);
    } finally {
      task.dispose();
    }
    checkPayload(result, state, 'result');
    return result;
  };
}

function stageTask(
  context: TaskBindingContext,
  step: string,
  stageName: string,
  reportResult: boolean,
): SignalledHandler {
  const { options } = context;
  // biome-ignore lint/suspicious/noExplicitAny: stages have different config types
  const stage: StageDefinition<any> | undefined = Object.hasOwn(options.stages, stageName)
    ? options.stages[stageName]
    : undefined;
  if (!stage) {
    const state = reportResult ? step : stepStateName(step, StateSuffix.Iteration);
    throw new ConfigurationError(
      `no local stage is bound to state "${state}": step ${step} runs stage "${stageName}", which is not in the bindings' stages (${Object.keys(options.stages).join(', ') || 'none'})`,
    );
  }
  return async (parameters, signal) => {
    // The state's Parameters are `{ FunctionName, Payload }`, as lambda:invoke gets them.
    const payload = (parameters as { Payload?: StageEvent }).Payload as StageEvent;
    const part = reportResult ? undefined : (payload as { part?: unknown }).part;
    const reused = await context.reuse?.(
      { step, ...(typeof part === 'number' && { part }), event: payload },
      signal,
    );
    const result =
      reused ??
      (await runStage(stage, payload, {
        s3: options.s3,
        location: options.location,
        logger: options.logger,
        env: options.env ?? process.env,
        now: options.now,
        signal,
      }));
    if (reportResult) context.onStageResult?.(step, result);
    return { Payload: result, StatusCode: 200, ExecutedVersion: '$LATEST' };
  };
}

function glueTask(context: TaskBindingContext, step: GlueStep): SignalledHandler {
  return async (parameters, signal) => {
    const args = (parameters as { Arguments?: Record<string, string> }).Arguments ?? {};
    const reused = await context.reuse?.({ step: step.name, folderOutput: true }, signal);
    const { result, ...jobRun } = reused
      ? reusedJobRun(step, reused)
      : await context.glue(step.job).run(args, { signal });
    if (result) context.onStageResult?.(step.name, result);
    return jobRun;
  };
}

/**
 * A Glue step a redrive does not run again, in the job-run shape `.sync` returns. Its run id
 * says that no job ran: the run manifest does not keep the original run's id.
 */
function reusedJobRun(step: GlueStep, result: StageResult) {
  const completed = new Date(Date.parse(result.startedAt) + result.durationMs);
  return {
    Id: `reused-${step.name}-${result.runKey}`,
    JobName: step.job,
    JobRunState: 'SUCCEEDED',
    StartedOn: result.startedAt,
    CompletedOn: completed.toISOString(),
    ExecutionTime: Math.round(result.durationMs / 1000),
    result,
  };
}

/**
 * The bucket and prefix a listing state names, with the placeholders infra substitutes on AWS
 * bound to the local target's bucket and key prefix.
 */
export function localListing(
  bucket: unknown,
  prefix: unknown,
  location: DataLocation,
): { bucket: string; prefix: string | undefined } {
  return {
    bucket: bucket === placeholder(DATA_BUCKET_KEY) ? location.bucket : String(bucket),
    prefix:
      prefix === undefined
        ? undefined
        : String(prefix).replace(placeholder(DATA_KEY_PREFIX_KEY), location.keyPrefix ?? ''),
  };
}

/**
 * ListObjectsV2 with the state's `{ Bucket, Prefix, MaxKeys }`, answered as the AWS SDK
 * integration answers: the SDK's output as JSON (dates as ISO text), without `$metadata`, and
 * with no `Contents` when nothing matched. An S3 error is named `S3.{name}`.
 */
function listingTask(options: LocalEngineOptions): SignalledHandler {
  return async (parameters, signal) => {
    const { Bucket, Prefix, MaxKeys, StartAfter, ContinuationToken } = parameters as Record<
      string,
      string | number | undefined
    >;
    // Infra substitutes these on AWS; locally they are this target's bucket and key prefix.
    const bucket = Bucket === placeholder(DATA_BUCKET_KEY) ? options.location.bucket : Bucket;
    const prefix =
      Prefix === undefined
        ? undefined
        : String(Prefix).replace(
            placeholder(DATA_KEY_PREFIX_KEY),
            options.location.keyPrefix ?? '',
          );
    let response: Record<string, unknown>;
    try {
      const { $metadata: _metadata, ...output } = await options.s3.send(
        new ListObjectsV2Command({
          Bucket: String(bucket),
          ...(prefix !== undefined && { Prefix: prefix }),
          ...(MaxKeys !== undefined && { MaxKeys: Number(MaxKeys) }),
          ...(StartAfter !== undefined && { StartAfter: String(StartAfter) }),
          ...(ContinuationToken !== undefined && { ContinuationToken: String(ContinuationToken) }),
        }),
        { abortSignal: signal },
      );
      response = JSON.parse(JSON.stringify(output)) as Record<string, unknown>;
    } catch (error) {
      const named = error instanceof Error ? error : new Error(String(error));
      const failure = new Error(
        `ListObjectsV2 on s3://${bucket}/${prefix ?? ''}: ${named.message}`,
      );
      failure.name = `S3.${named.name}`;
      throw failure;
    }
    if (Array.isArray(response.Contents) && response.Contents.length === 0) {
      delete response.Contents;
    }
    return response;
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
