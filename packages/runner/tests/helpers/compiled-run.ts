import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import {
  type DataLocation,
  ensurePromiseWithResolvers,
  GlueJobArgument,
  type GlueJobArguments,
  type JsonRecord,
  runStage,
  type StageDefinition,
  type StageEvent,
  type StageResult,
} from '@ceap/core';
import {
  compileWorkflow,
  type StateMachineDefinition,
  StateSuffix,
  stepStateName,
  type Workflow,
} from '@ceap/core/workflow';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import { localListing } from '../../src/local/task-bindings.js';
import {
  allStateNames,
  type EngineEvent,
  findState,
  type TaskCall,
  toAwsHistory,
} from './engine-history.js';
import { silentLogger } from './test-stages.js';

const ACCOUNT = 'arn:aws:states:eu-west-1:123456789012';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/ceap-test-state-machine';

/** What to run: a workflow's compiled ASL, each step bound to a stage run by `runStage`. */
export interface CompiledRunOptions {
  readonly workflow: Workflow;
  readonly executionId: string;
  readonly input: JsonRecord;
  readonly s3: S3Client;
  readonly location: DataLocation;
  /**
   * The stages, by stage name (a Lambda or Map step's `stage`). A Glue step's job (its `job`)
   * is stood in for by the stage of that name, run under the step's name, so it writes the
   * step's output and manifest entry as the job does.
   */
  // biome-ignore lint/suspicious/noExplicitAny: stages have different config types
  readonly stages: Readonly<Record<string, StageDefinition<any>>>;
  /** The stages' configuration. @default {} */
  readonly env?: NodeJS.ProcessEnv;
}

/** One execution of the compiled ASL, as each target sees it. */
export interface CompiledRun {
  readonly workflow: Workflow;
  readonly executionId: string;
  readonly stateMachineArn: string;
  readonly executionArn: string;
  /** The engine's live event log: what the local target folds. */
  readonly engineEvents: readonly EngineEvent[];
  /** What each stage and Glue job returned, in order: the results the local target receives live. */
  readonly stageResults: ReadonlyArray<{ readonly step: string; readonly result: StageResult }>;
  /** The same run as GetExecutionHistory returns it, oldest first. */
  readonly history: readonly HistoryEvent[];
}

/**
 * Executes `compileWorkflow(workflow)` on aws-local-stepfunctions with every task overridden
 * by state name to return what the AWS service integration returns: `{ Payload, StatusCode }`
 * for `lambda:invoke` (a stage, a Map iteration), the job run (no stage result) for
 * `glue:startJobRun.sync`, S3's ListObjectsV2 output for `aws-sdk:s3:listObjectsV2` (a Map's
 * listing, a sensor's poke). A failure crosses the boundary as AWS reports it: a Lambda error
 * as its `{ errorType, errorMessage, trace }` JSON, a failed job run as `States.TaskFailed`
 * with the job run as the cause. Retries and waits take 0 ms. The engine's events are then
 * converted into an AWS execution history.
 */
export async function runCompiledWorkflow(options: CompiledRunOptions): Promise<CompiledRun> {
  ensurePromiseWithResolvers();
  const { workflow, executionId } = options;
  const definition = compileWorkflow(workflow);
  const machine = new StateMachine(
    definition as unknown as ConstructorParameters<typeof StateMachine>[0],
    { validationOptions: { checkArn: false } },
  );
  const stateMachineArn = `${ACCOUNT}:stateMachine:${workflow.name}`;
  const executionArn = `${ACCOUNT}:execution:${workflow.name}:${executionId}`;
  const tasks = new TaskBindings(options, definition);
  const noWait = Object.fromEntries(allStateNames(definition.States).map((name) => [name, 0]));
  const execution = machine.run(options.input as Parameters<StateMachine['run']>[0], {
    overrides: {
      taskResourceLocalHandlers: tasks.handlers() as NonNullable<
        RunOptions['overrides']
      >['taskResourceLocalHandlers'],
      retryIntervalOverrides: noWait,
      waitTimeOverrides: noWait,
    },
    context: {
      Execution: { Id: executionArn, Name: executionId, RoleArn: ROLE_ARN },
      StateMachine: { Id: stateMachineArn, Name: workflow.name },
    },
  });
  const engineEvents: EngineEvent[] = [];
  for await (const event of execution.eventLogs) engineEvents.push(structuredClone(event));
  await execution.result.catch(() => undefined);
  const history = toAwsHistory(engineEvents, tasks.calls, { definition, roleArn: ROLE_ARN });
  return {
    workflow,
    executionId,
    stateMachineArn,
    executionArn,
    engineEvents,
    stageResults: tasks.stageResults,
    history,
  };
}

/** The stand-in tasks of one run, by state name, and what each was called with. */
class TaskBindings {
  readonly calls: TaskCall[] = [];
  /** What Lambda steps and Glue jobs returned (a Map iteration's part results are not here). */
  readonly stageResults: Array<{ step: string; result: StageResult }> = [];

  constructor(
    private readonly options: CompiledRunOptions,
    private readonly definition: StateMachineDefinition,
  ) {}

  handlers(): Record<string, (parameters: unknown) => Promise<unknown>> {
    const handlers: Record<string, (parameters: unknown) => Promise<unknown>> = {};
    const { executionId } = this.options;
    for (const step of this.options.workflow.steps) {
      const { name } = step;
      if (step.kind === 'lambda') {
        handlers[name] = (p) =>
          invokeLambda(this.call(name, p), (event) => this.run(name, step.stage, event, true));
      } else if (step.kind === 'glue') {
        handlers[name] = (p) =>
          runGlueJob(this.call(name, p), executionId, (event) =>
            this.run(name, step.job, { ...event, step: name }, true),
          );
      } else if (step.kind === 'map') {
        const iteration = stepStateName(name, StateSuffix.Iteration);
        const items = stepStateName(name, StateSuffix.Items);
        handlers[iteration] = (p) =>
          invokeLambda(this.call(iteration, p), (event) =>
            this.run(name, step.stage, event, false),
          );
        handlers[items] = (p) => this.list(this.call(items, p));
      } else if (step.kind === 's3-sensor') {
        handlers[name] = (p) => this.list(this.call(name, p));
      }
    }
    return handlers;
  }

  private call(state: string, parameters: unknown): TaskCall {
    const resource = String(findState(this.definition.States, state)?.Resource);
    const part = (parameters as { Payload?: { part?: unknown } }).Payload?.part;
    const entry: TaskCall = {
      state,
      resource,
      parameters,
      startedAt: Date.now(),
      ...(typeof part === 'number' && { index: part }),
    };
    this.calls.push(entry);
    return entry;
  }

  private async run(
    step: string,
    stageName: string,
    event: StageEvent,
    report: boolean,
  ): Promise<StageResult> {
    const stage = this.options.stages[stageName];
    if (!stage) throw new Error(`no stage "${stageName}" is bound for step ${step}`);
    const { s3, location } = this.options;
    const deps = { s3, location, env: this.options.env ?? {}, logger: silentLogger() };
    const result = await runStage(stage, event, deps);
    if (report) this.stageResults.push({ step, result });
    return result;
  }

  /** `aws-sdk:s3:listObjectsV2`: the SDK's output as JSON, no `Contents` when nothing matched. */
  private async list(call: TaskCall): Promise<unknown> {
    const { Bucket, Prefix, MaxKeys } = call.parameters as Record<string, string | number>;
    const { bucket, prefix } = localListing(Bucket, Prefix, this.options.location);
    const { $metadata: _metadata, ...output } = await this.options.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: Number(MaxKeys) }),
    );
    const listing = JSON.parse(JSON.stringify(output)) as Record<string, unknown>;
    if (Array.isArray(listing.Contents) && listing.Contents.length === 0) delete listing.Contents;
    call.output = listing;
    call.finishedAt = Date.now();
    return listing;
  }
}

/** `lambda:invoke`: the function's result under `Payload`, or its error as Lambda reports it. */
async function invokeLambda(
  call: TaskCall,
  handler: (payload: StageEvent) => Promise<StageResult>,
): Promise<unknown> {
  try {
    const payload = (call.parameters as { Payload: StageEvent }).Payload;
    // lambda:invoke's documented output: the reply under Payload, and the request's id.
    const requestId = randomUUID();
    call.output = {
      ExecutedVersion: '$LATEST',
      Payload: await handler(payload),
      SdkHttpMetadata: { HttpHeaders: { 'x-amzn-RequestId': requestId }, HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
    call.finishedAt = Date.now();
    return call.output;
  } catch (error) {
    const failure = error as Error;
    const envelope = {
      errorType: failure.name,
      errorMessage: failure.message,
      trace: (failure.stack ?? '').split('\n'),
    };
    throw namedError(failure.name, JSON.stringify(envelope));
  }
}

/** `glue:startJobRun.sync`: the finished job run (GetJobRun's JobRun), or States.TaskFailed. */
async function runGlueJob(
  call: TaskCall,
  executionId: string,
  job: (event: StageEvent) => Promise<StageResult>,
): Promise<unknown> {
  const { JobName, Arguments: args } = call.parameters as {
    JobName: string;
    Arguments: GlueJobArguments;
  };
  const startedOn = Date.now();
  call.jobRunId = `jr_${executionId}_${startedOn}`;
  const jobRun = {
    Id: call.jobRunId,
    Attempt: 0,
    JobName,
    Arguments: args,
    StartedOn: startedOn,
    GlueVersion: '4.0',
    WorkerType: 'G.1X',
    NumberOfWorkers: 2,
  };
  try {
    const result = await job({
      executionId: args[GlueJobArgument.ExecutionId],
      workflow: args[GlueJobArgument.Workflow],
      input: {
        bucket: args[GlueJobArgument.Bucket],
        key: args[GlueJobArgument.InputKey],
        logicalDate: args[GlueJobArgument.LogicalDate],
      },
    });
    if (result.key !== args[GlueJobArgument.OutputKey]) {
      throw new Error(`the job wrote ${result.key}, not ${args[GlueJobArgument.OutputKey]}`);
    }
    const completedOn = Date.now();
    call.output = {
      ...jobRun,
      JobRunState: 'SUCCEEDED',
      CompletedOn: completedOn,
      LastModifiedOn: completedOn,
      ExecutionTime: Math.round((completedOn - startedOn) / 1000),
    };
    call.finishedAt = completedOn;
    return call.output;
  } catch (error) {
    const failure = error as Error;
    const failed = {
      ...jobRun,
      JobRunState: 'FAILED',
      ErrorMessage: `${failure.name}: ${failure.message}`,
    };
    throw namedError('States.TaskFailed', JSON.stringify(failed));
  }
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
