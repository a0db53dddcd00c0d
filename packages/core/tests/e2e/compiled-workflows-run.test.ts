import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import {
  ConfigurationError,
  ensurePromiseWithResolvers,
  FatalStageError,
  RetryableStageError,
  StageErrorName,
} from '../../src/index.js';
import { compileWorkflow, type Workflow } from '../../src/workflow/index.js';
import { batchWorkflow, realtimeWorkflow } from '../helpers/test-workflows.js';

ensurePromiseWithResolvers();

type Json = Record<string, unknown>;
type Handler = (input: Json) => Promise<Json>;

interface Call {
  state: string;
  input: Json;
}

/**
 * Runs a compiled definition on aws-local-stepfunctions with identity handlers: each Lambda
 * task echoes a pointer for its stage (wrapped in { Payload } as lambda:invoke is on AWS), and
 * the Glue task returns a job run.
 */
function runCompiled(workflow: Workflow, input: Json, failures: Record<string, Handler> = {}) {
  const definition = compileWorkflow(workflow);
  const calls: Call[] = [];
  const handlers: Record<string, Handler> = {};
  for (const step of workflow.steps) {
    handlers[step.stage] = async (taskInput) => {
      calls.push({ state: step.stage, input: taskInput });
      const failure = failures[step.stage];
      if (failure) await failure(taskInput);
      if (step.kind === 'glue') return { Id: `jr_${step.stage}`, JobRunState: 'SUCCEEDED' };
      const payload = taskInput.Payload as Json;
      const executionId = payload.executionId as string;
      return {
        StatusCode: 200,
        Payload: {
          bucket: 'data',
          key: `executions/${executionId}/${step.stage}/output.json`,
          executionPrefix: `executions/${executionId}`,
          logicalDate: '2026-11-21',
          stage: step.stage,
        },
      };
    };
  }
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as never, {
    context: {
      Execution: {
        Name: 'exec-1',
        Id: 'arn:local:exec-1',
        StartTime: '2026-11-22T02:00:00.000Z',
      },
    },
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      retryIntervalOverrides: Object.fromEntries(workflow.steps.map((s) => [s.stage, 0])),
    },
  });
  return { result: execution.result as Promise<Json>, calls };
}

/** What a Lambda task was given as its stage input. */
function payloadInput(call: Call | undefined): unknown {
  return (call?.input.Payload as Json | undefined)?.input;
}

/** The state's Error and Cause, which the engine keeps as the ExecutionError's cause. */
async function failureOf(result: Promise<unknown>): Promise<{ error: string; cause: string }> {
  try {
    await result;
  } catch (error) {
    expect(error).toBeInstanceOf(ExecutionError);
    const stateError = (error as Error).cause as Error;
    return { error: stateError.name, cause: stateError.message };
  }
  throw new Error('expected the execution to fail');
}

describe('compiled workflows run on aws-local-stepfunctions', () => {
  it('runs realtime stages in order, each given the executionId and the previous pointer', async () => {
    // Arrange
    const input = { records: [{ customer_id: 'c1' }] };
    // Act
    const { result, calls } = runCompiled(realtimeWorkflow, input);
    const output = await result;
    // Assert
    expect(calls.map((c) => c.state)).toEqual([
      'ETLStage',
      'FilterStage',
      'ScoreStage',
      'StoreStage',
      'ReactiveStage',
    ]);
    for (const call of calls) {
      expect(call.input).toMatchObject({
        FunctionName: `\${${call.state}FunctionArn}`,
        // The engine stamps StartTime itself, as Step Functions does.
        Payload: {
          executionId: 'exec-1',
          executionStartTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          workflow: 'realtime',
        },
      });
    }
    expect(payloadInput(calls[0])).toEqual(input);
    expect(payloadInput(calls[1])).toMatchObject({
      key: 'executions/exec-1/ETLStage/output.json',
    });
    expect(output).toMatchObject({ key: 'executions/exec-1/ReactiveStage/output.json' });
  });

  it('runs batch through the Glue step and hands Score a pointer to the Glue output', async () => {
    // Arrange / Act
    const { result, calls } = runCompiled(batchWorkflow, { logicalDate: '2026-11-21' });
    await result;
    // Assert
    expect(calls.map((c) => c.state)).toEqual([
      'ETLStage',
      'FilterStage',
      'HeavyETLStage',
      'ScoreStage',
      'StoreStage',
      'ReactiveStage',
    ]);
    expect(calls[2]?.input).toEqual({
      JobName: '${HeavyETLStageJobName}',
      Arguments: {
        '--executionId': 'exec-1',
        '--workflow': 'batch',
        '--bucket': 'data',
        '--inputKey': 'executions/exec-1/FilterStage/output.json',
        '--outputKey': 'executions/exec-1/HeavyETLStage/output.json',
        '--logicalDate': '2026-11-21',
      },
    });
    expect(payloadInput(calls[3])).toEqual({
      bucket: 'data',
      key: 'executions/exec-1/HeavyETLStage/output.json',
      executionId: 'exec-1',
      executionPrefix: 'executions/exec-1',
      logicalDate: '2026-11-21',
      stage: 'HeavyETLStage',
      jobRun: { jobRunId: 'jr_HeavyETLStage', jobRunState: 'SUCCEEDED' },
    });
  });

  it('retries a stage that throws the retryable error, then carries on', async () => {
    // Arrange
    let attempts = 0;
    const flaky: Handler = async () => {
      attempts++;
      if (attempts < 3) throw new RetryableStageError('S3 throttled');
      return {};
    };
    // Act
    const { result, calls } = runCompiled(
      realtimeWorkflow,
      { records: [] },
      { FilterStage: flaky },
    );
    await result;
    // Assert
    expect(attempts).toBe(3);
    expect(calls.filter((c) => c.state === 'FilterStage')).toHaveLength(3);
    expect(calls.at(-1)?.state).toBe('ReactiveStage');
  });

  it('fails the execution with the retryable error once retries run out', async () => {
    // Arrange
    const alwaysThrottled: Handler = async () => {
      throw new RetryableStageError('still throttled');
    };
    // Act
    const { result, calls } = runCompiled(
      realtimeWorkflow,
      { records: [] },
      { ScoreStage: alwaysThrottled },
    );
    // Assert
    expect(await failureOf(result)).toEqual({
      error: StageErrorName.Retryable,
      cause: 'still throttled',
    });
    expect(calls.filter((c) => c.state === 'ScoreStage')).toHaveLength(4);
    expect(calls.map((c) => c.state)).not.toContain('StoreStage');
  });

  it.each([
    [
      'a configuration error',
      new ConfigurationError('CEAP_SCORE_MODEL is not valid JSON'),
      StageErrorName.Configuration,
    ],
    ['a fatal error', new FatalStageError('input is not a pointer'), StageErrorName.Fatal],
  ])('fails at once on %s, without retrying', async (_label, error, name) => {
    // Arrange
    const broken: Handler = async () => {
      throw error;
    };
    // Act
    const { result, calls } = runCompiled(
      realtimeWorkflow,
      { records: [] },
      { ScoreStage: broken },
    );
    // Assert
    expect(await failureOf(result)).toEqual({ error: name, cause: error.message });
    expect(calls.filter((c) => c.state === 'ScoreStage')).toHaveLength(1);
  });

  it('catches a non-retryable failure into the Fail state with its error and cause', async () => {
    // Arrange
    const workflow: Workflow = { ...realtimeWorkflow, name: 'caught', catchToFailState: true };
    const broken: Handler = async () => {
      throw new ConfigurationError('CEAP_SCORE_MODEL is not valid JSON');
    };
    // Act
    const { result, calls } = runCompiled(workflow, { records: [] }, { ScoreStage: broken });
    // Assert
    expect(await failureOf(result)).toEqual({
      error: StageErrorName.Configuration,
      cause: 'CEAP_SCORE_MODEL is not valid JSON',
    });
    expect(calls.map((c) => c.state)).not.toContain('StoreStage');
  });
});
