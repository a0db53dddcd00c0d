import { ExecutionError } from 'aws-local-stepfunctions';
import {
  ConfigurationError,
  FatalStageError,
  RetryableStageError,
  StageErrorName,
} from '../../src/index.js';
import { type Handler, payloadOf, runCompiled, stageResult } from '../helpers/run-compiled.js';
import { batchWorkflow, realtimeWorkflow } from '../helpers/test-workflows.js';

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

describe('compiled chains run on aws-local-stepfunctions', () => {
  it('runs realtime steps in order, each given the executionId, its step and its input', async () => {
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
        Payload: {
          executionId: 'exec-1',
          executionStartTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          workflow: 'realtime',
          step: call.state,
        },
      });
    }
    expect(payloadOf(calls[0]).input).toEqual(input);
    expect(payloadOf(calls[1]).input).toEqual({
      status: 'SUCCEEDED',
      ...stageResult('ETLStage', 1),
    });
    expect(output.ReactiveStage).toMatchObject({
      status: 'SUCCEEDED',
      key: 'executions/exec-1/ReactiveStage/output.json',
    });
  });

  it('drops the execution input from the state once no later step reads it', async () => {
    // Arrange
    const input = { records: [{ customer_id: 'c1', note: 'x'.repeat(1000) }] };
    // Act
    const { definition } = runCompiled(realtimeWorkflow, input);
    // Assert
    expect(definition.States.ETLStage?.Next).toBe('@releaseInput');
    expect(definition.States['@releaseInput']).toMatchObject({ Result: {}, ResultPath: '$.input' });
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
    expect(payloadOf(calls[3]).input).toEqual({
      status: 'SUCCEEDED',
      bucket: 'data',
      key: 'executions/exec-1/HeavyETLStage/output.json',
      executionPrefix: 'executions/exec-1',
      logicalDate: '2026-11-21',
      // The run key travels through the Glue step, so the steps after it keep the run's identity.
      runKey: '0123456789abcdef0123456789abcdef',
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
      return undefined;
    };
    // Act
    const { result, calls } = runCompiled(
      realtimeWorkflow,
      { records: [] },
      {
        handlers: { FilterStage: flaky },
      },
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
      {
        handlers: { ScoreStage: alwaysThrottled },
      },
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
      {
        handlers: { ScoreStage: broken },
      },
    );
    // Assert
    expect(await failureOf(result)).toEqual({ error: name, cause: error.message });
    expect(calls.filter((c) => c.state === 'ScoreStage')).toHaveLength(1);
  });
});
