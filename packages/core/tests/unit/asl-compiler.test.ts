import aslValidator from 'asl-validator';
import { StageErrorName } from '../../src/index.js';
import {
  compileWorkflow,
  stepOfState,
  substitute,
  type Workflow,
} from '../../src/workflow/index.js';
import {
  cleanup,
  fanOut,
  gated,
  mapped,
  nShape,
  paced,
  routed,
  sensed,
} from '../helpers/example-dags.js';
import { batchWorkflow, realtimeWorkflow } from '../helpers/test-workflows.js';

function validate(definition: unknown) {
  // asl-validator mutates what it is given, and its options replace (not merge) the defaults.
  return aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
}

/** Every state name of a definition, inside Parallel branches and Map iterations too. */
function allStateNames(node: unknown, found: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return found;
  const record = node as Record<string, unknown>;
  if (record.States && typeof record.States === 'object') {
    found.push(...Object.keys(record.States as object));
  }
  for (const child of Object.values(record)) allStateNames(child, found);
  return found;
}

const examples: [string, Workflow][] = [
  ['realtime', realtimeWorkflow],
  ['batch', batchWorkflow],
  ['fan-out', fanOut],
  ['short-circuit', gated],
  ['routes (all_success)', routed('all_success')],
  ['routes (all_done)', routed('all_done')],
  ['all_done cleanup', cleanup],
  ['map', mapped(1)],
  ['sensor', sensed(false)],
  ['soft sensor', sensed(true)],
  ['waits', paced],
  ['not series-parallel', nShape],
];

describe('compileWorkflow', () => {
  it.each(examples)('compiles the %s example to valid ASL', (_name, workflow) => {
    // Arrange / Act
    const result = validate(compileWorkflow(workflow));
    // Assert
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(examples)(
    'names every state of %s uniquely, mapping back to its step',
    (_n, workflow) => {
      // Arrange / Act
      const names = allStateNames(compileWorkflow(workflow));
      const steps = new Set(workflow.steps.map((step) => step.name));
      // Assert
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) {
        const step = stepOfState(name);
        expect(step === undefined ? name.startsWith('@') : steps.has(step)).toBe(true);
        expect(name.length).toBeLessThanOrEqual(80);
        // What Step Functions refuses in a state name.
        expect(name).not.toMatch(/[\s<>{}[\]?*"#%\\^|~`$&,;:/]/);
      }
    },
  );

  it.each([
    ['realtime', realtimeWorkflow],
    ['batch', batchWorkflow],
  ])('compiles %s to the same definition as before (snapshot)', (_name, workflow) => {
    // Arrange / Act
    const definition = compileWorkflow(workflow);
    // Assert
    expect(definition).toMatchSnapshot();
  });

  it('gives every stage task the execution id, the step and its input, unwrapped', () => {
    // Arrange / Act
    const { States } = compileWorkflow(realtimeWorkflow);
    // Assert
    expect(States.ETLStage).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: '${ETLStageFunctionArn}',
        Payload: { 'executionId.$': '$$.Execution.Name', step: 'ETLStage', 'input.$': '$.input' },
      },
      ResultSelector: expect.objectContaining({ status: 'SUCCEEDED', 'key.$': '$.Payload.key' }),
      ResultPath: '$.steps.ETLStage',
    });
    expect(States.FilterStage).toMatchObject({
      Parameters: { Payload: { 'input.$': '$.steps.ETLStage' } },
    });
  });

  it('runs the Glue step with .sync, retrying twice from 5 minutes with backoff 2', () => {
    // Arrange / Act
    const { States } = compileWorkflow(batchWorkflow);
    // Assert
    expect(States.HeavyETLStage).toMatchObject({
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      TimeoutSeconds: 6000,
      Parameters: {
        JobName: '${HeavyETLStageJobName}',
        Arguments: {
          '--executionId.$': '$$.Execution.Name',
          '--workflow': 'batch',
          '--bucket.$': '$.steps.FilterStage.bucket',
          '--inputKey.$': '$.steps.FilterStage.key',
        },
      },
      Retry: [expect.objectContaining({ IntervalSeconds: 300, MaxAttempts: 2, BackoffRate: 2 })],
      Next: 'HeavyETLStage.output',
    });
    expect(States['HeavyETLStage.output']).toMatchObject({ Type: 'Pass', Next: 'ScoreStage' });
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

  it('catches failures only where an all_done step must see them', () => {
    // Arrange / Act
    const { States } = compileWorkflow(cleanup);
    const plain = compileWorkflow(fanOut);
    // Assert
    expect(JSON.stringify(plain)).not.toContain('"Catch"');
    expect(JSON.stringify(States)).toContain('"Load.failed"');
    expect(States['@end']).toMatchObject({ Type: 'Choice' });
    expect(States['Load.failedRun']).toEqual({
      Type: 'Fail',
      ErrorPath: '$.steps.Load.error',
      CausePath: '$.steps.Load.cause',
    });
  });

  it('leaves only substitution placeholders for resources', () => {
    // Arrange
    const text = JSON.stringify(compileWorkflow(sensed(false)));
    // Act
    const resolved = substitute(text, {
      DataBucketName: 'data-bucket',
      DataKeyPrefix: 'team-a/',
      ExtractFunctionArn: 'arn:extract',
    });
    // Assert
    expect(resolved).not.toMatch(/\$\{/);
    expect(resolved).toContain(
      "States.Format('{}incoming/dt={}/_SUCCESS', 'team-a/', $.input.logicalDate)",
    );
    expect(() => substitute(text, {})).toThrow('no substitution given for ${ExtractFunctionArn}');
  });
});
