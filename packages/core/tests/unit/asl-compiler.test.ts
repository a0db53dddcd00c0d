import aslValidator from 'asl-validator';
import { InvalidWorkflowError, StageErrorName } from '../../src/index.js';
import {
  compileWorkflow,
  FAILED_STATE,
  substitute,
  type Workflow,
} from '../../src/workflow/index.js';
import { batchWorkflow, realtimeWorkflow } from '../helpers/test-workflows.js';

function validate(definition: unknown) {
  // asl-validator mutates what it is given, and its options replace (not merge) the defaults.
  return aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
}

describe('compileWorkflow', () => {
  it.each([
    ['realtime', realtimeWorkflow],
    ['batch', batchWorkflow],
  ])('compiles %s to valid ASL that matches its snapshot', (_name, workflow) => {
    // Arrange / Act
    const definition = compileWorkflow(workflow);
    const result = validate(definition);
    // Assert
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(definition).toMatchSnapshot();
  });

  it('chains the realtime stages in order and ends at ReactiveStage', () => {
    // Arrange / Act
    const { StartAt, States } = compileWorkflow(realtimeWorkflow);
    // Assert
    expect(StartAt).toBe('ETLStage');
    expect(
      Object.fromEntries(
        Object.entries(States).map(([name, state]) => [name, state.Next ?? 'END']),
      ),
    ).toEqual({
      ETLStage: 'FilterStage',
      FilterStage: 'ScoreStage',
      ScoreStage: 'StoreStage',
      StoreStage: 'ReactiveStage',
      ReactiveStage: 'END',
    });
  });

  it('passes the executionId from the context object to every Lambda task', () => {
    // Arrange / Act
    const { States } = compileWorkflow(realtimeWorkflow);
    // Assert
    for (const state of Object.values(States)) {
      expect(state).toMatchObject({
        Resource: 'arn:aws:states:::lambda:invoke',
        OutputPath: '$.Payload',
        Parameters: { Payload: { 'executionId.$': '$$.Execution.Name', 'input.$': '$' } },
      });
    }
  });

  it('runs the Glue step with .sync, retrying twice from 5 minutes with backoff 2', () => {
    // Arrange / Act
    const { States } = compileWorkflow(batchWorkflow);
    // Assert
    expect(States.HeavyETLStage).toMatchObject({
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      TimeoutSeconds: 7200,
      Parameters: {
        JobName: '${HeavyETLStageJobName}',
        Arguments: {
          '--executionId.$': '$$.Execution.Name',
          '--bucket.$': '$.bucket',
          '--inputKey.$': '$.key',
        },
      },
      Retry: [expect.objectContaining({ IntervalSeconds: 300, MaxAttempts: 2, BackoffRate: 2 })],
      Next: 'HeavyETLStageOutput',
    });
    expect(States.HeavyETLStageOutput).toMatchObject({ Type: 'Pass', Next: 'ScoreStage' });
  });

  it('retries Lambda stages on the retryable error name that stages throw', () => {
    // Arrange / Act
    const { States } = compileWorkflow(realtimeWorkflow);
    // Assert
    const retry = (States.ScoreStage?.Retry as { ErrorEquals: string[] }[] | undefined)?.[0];
    expect(retry?.ErrorEquals).toContain(StageErrorName.Retryable);
    expect(retry?.ErrorEquals).toContain('Lambda.TooManyRequestsException');
    expect(retry?.ErrorEquals).not.toContain(StageErrorName.Configuration);
  });

  it('adds a Catch to a Fail state carrying the error and cause when asked', () => {
    // Arrange
    const workflow: Workflow = { ...realtimeWorkflow, name: 'caught', catchToFailState: true };
    // Act
    const definition = compileWorkflow(workflow);
    // Assert
    expect(validate(definition).isValid).toBe(true);
    expect(definition.States.ETLStage?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: FAILED_STATE },
    ]);
    expect(definition.States[FAILED_STATE]).toEqual({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });

  it('leaves only substitution placeholders for resources', () => {
    // Arrange
    const text = JSON.stringify(compileWorkflow(batchWorkflow));
    // Act
    const resolved = substitute(text, {
      ETLStageFunctionArn: 'arn:etl',
      FilterStageFunctionArn: 'arn:filter',
      HeavyETLStageJobName: 'job',
      ScoreStageFunctionArn: 'arn:score',
      StoreStageFunctionArn: 'arn:store',
      ReactiveStageFunctionArn: 'arn:reactive',
    });
    // Assert
    expect(resolved).not.toMatch(/\$\{/);
    expect(() => substitute(text, {})).toThrow('no substitution given for ${ETLStageFunctionArn}');
  });

  const base: Workflow = realtimeWorkflow;
  const etl = { kind: 'lambda', stage: 'ETLStage' } as const;
  it.each<[string, Workflow, string]>([
    ['a bad name', { ...base, name: 'Bad Name' }, 'workflow.name "Bad Name"'],
    ['no steps', { ...base, steps: [] }, 'steps must not be empty'],
    [
      'an Express timeout over 300 s',
      { ...base, timeoutSeconds: 301 },
      'timeoutSeconds must be at most 300',
    ],
    [
      'a duplicate stage',
      { ...base, steps: [etl, etl] },
      'steps[1].stage "ETLStage" appears twice',
    ],
    [
      'a Glue step in Express',
      { ...base, steps: [{ kind: 'glue', stage: 'Heavy' }] },
      'EXPRESS workflows do not support',
    ],
    ['a bad stage name', { ...base, steps: [{ kind: 'lambda', stage: 'a/b' }] }, 'steps[0].stage'],
    [
      'a retry with no errors',
      {
        ...base,
        steps: [
          {
            kind: 'lambda',
            stage: 'A',
            retry: [{ errors: [], intervalSeconds: 1, maxAttempts: 1, backoffRate: 1 }],
          },
        ],
      },
      'steps[0].retry[0].errors must not be empty',
    ],
    [
      'an unknown step kind',
      { ...base, steps: [{ kind: 'docker', stage: 'A' } as never] },
      'steps[0].kind must be lambda or glue, got "docker"',
    ],
    [
      'a fractional retry count',
      {
        ...base,
        steps: [
          {
            kind: 'lambda',
            stage: 'A',
            retry: [{ errors: ['X'], intervalSeconds: 1, maxAttempts: 1.5, backoffRate: 1 }],
          },
        ],
      },
      'steps[0].retry[0].maxAttempts must be a whole number, got 1.5',
    ],
    [
      'a zero task timeout',
      { ...base, steps: [{ kind: 'lambda', stage: 'A', timeoutSeconds: 0 }] },
      'steps[0].timeoutSeconds',
    ],
  ])('refuses %s, naming the field', (_label, workflow, message) => {
    // Arrange / Act
    const attempt = () => compileWorkflow(workflow);
    // Assert
    expect(attempt).toThrow(InvalidWorkflowError);
    expect(attempt).toThrow(message);
  });
});
