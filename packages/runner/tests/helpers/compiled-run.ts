import type { S3Client } from '@aws-sdk/client-s3';
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
import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import { stepName } from '../../src/progress/step-fold.js';
import { type EngineEvent, type TaskCall, toAwsHistory } from './engine-history.js';
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
   * The stage each step runs, by state name. A Glue step's stage stands in for the Glue job: it
   * runs under the step's name, so it writes the step's output and manifest entry as the job does.
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
  /** What each task returned, in order: the results the local target receives live. */
  readonly stageResults: ReadonlyArray<{ readonly step: string; readonly result: StageResult }>;
  /** The same run as GetExecutionHistory returns it, oldest first. */
  readonly history: readonly HistoryEvent[];
}

/**
 * Executes `compileWorkflow(workflow)` on aws-local-stepfunctions with every task overridden
 * by state name to return what the AWS service integration returns: `{ Payload, StatusCode }`
 * for `lambda:invoke`, the job run (no stage result) for `glue:startJobRun.sync`. A failure
 * crosses the boundary as AWS reports it: a Lambda error as its `{ errorType, errorMessage,
 * trace }` JSON, a failed job run as `States.TaskFailed` with the job run as the cause.
 * Retries wait 0 ms. The engine's events are then converted into an AWS execution history.
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
  const logger = silentLogger();
  const calls: TaskCall[] = [];
  const stageResults: Array<{ step: string; result: StageResult }> = [];
  const run = async (step: string, event: StageEvent): Promise<StageResult> => {
    const stage = options.stages[step];
    if (!stage) throw new Error(`no stage is bound to state "${step}"`);
    const deps = { s3: options.s3, location: options.location, env: options.env ?? {}, logger };
    const result = await runStage(stage, event, deps);
    stageResults.push({ step, result });
    return result;
  };
  const handlers: Record<string, (parameters: unknown) => Promise<unknown>> = {};
  for (const step of workflow.steps) {
    const name = stepName(step);
    const call = (parameters: unknown): TaskCall => {
      const resource = String(definition.States[name]?.Resource);
      const entry: TaskCall = { state: name, resource, parameters, startedAt: Date.now() };
      calls.push(entry);
      return entry;
    };
    handlers[name] =
      step.kind === 'lambda'
        ? (parameters) => invokeLambda(call(parameters), (payload) => run(name, payload))
        : (parameters) => runGlueJob(call(parameters), executionId, (event) => run(name, event));
  }
  const execution = machine.run(options.input as Parameters<StateMachine['run']>[0], {
    overrides: {
      taskResourceLocalHandlers: handlers as NonNullable<
        RunOptions['overrides']
      >['taskResourceLocalHandlers'],
      retryIntervalOverrides: Object.fromEntries(workflow.steps.map((step) => [stepName(step), 0])),
    },
    context: {
      Execution: { Id: executionArn, Name: executionId, RoleArn: ROLE_ARN },
      StateMachine: { Id: stateMachineArn, Name: workflow.name },
    },
  });
  const engineEvents: EngineEvent[] = [];
  for await (const event of execution.eventLogs) engineEvents.push(structuredClone(event));
  await execution.result.catch(() => undefined);
  const history = toAwsHistory(engineEvents, calls, { definition, roleArn: ROLE_ARN });
  return {
    workflow,
    executionId,
    stateMachineArn,
    executionArn,
    engineEvents,
    stageResults,
    history,
  };
}

/** `lambda:invoke`: the function's result under `Payload`, or its error as Lambda reports it. */
async function invokeLambda(
  call: TaskCall,
  handler: (payload: StageEvent) => Promise<StageResult>,
): Promise<unknown> {
  try {
    const payload = (call.parameters as { Payload: StageEvent }).Payload;
    call.output = { ExecutedVersion: '$LATEST', Payload: await handler(payload), StatusCode: 200 };
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
