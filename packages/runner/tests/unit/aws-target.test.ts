import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { backoffDelays } from '../../src/aws/backoff.js';
import {
  AccessDeniedError,
  ExecutionAlreadyExistsError,
  ExecutionFailedError,
  ExecutionNotFoundError,
  StateMachineNotFoundError,
  ThrottledError,
} from '../../src/errors.js';
import { testBatchWorkflow, testRealtimeWorkflow } from '../helpers/test-stages.js';

const REALTIME_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-realtime';
const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-batch';
const WORKFLOWS = {
  realtime: { ...testRealtimeWorkflow, name: 'realtime' },
  batch: { ...testBatchWorkflow, name: 'batch' },
};

function awsError(name: string, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

function stageResult(stage: string, records: number) {
  return JSON.stringify({
    bucket: 'data',
    key: `executions/b-1/${stage}/output.json`,
    stage,
    received: records,
    records,
    rejected: 0,
  });
}

/** A finished batch history: SourceStage (one retry), HeavyStage + its Pass, UpperStage. */
function batchHistory(ending: Omit<HistoryEvent, 'id' | 'timestamp'>): HistoryEvent[] {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  return [
    { id: 1, type: 'ExecutionStarted', timestamp: t(0) },
    {
      id: 2,
      type: 'TaskStateEntered',
      timestamp: t(1),
      stateEnteredEventDetails: { name: 'SourceStage' },
    },
    { id: 3, type: 'TaskScheduled', timestamp: t(1) },
    {
      id: 4,
      type: 'TaskFailed',
      timestamp: t(2),
      taskFailedEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        error: 'RetryableStageError',
        cause: 'S3 slow',
      },
    },
    { id: 5, type: 'TaskScheduled', timestamp: t(4) },
    {
      id: 6,
      type: 'TaskStateExited',
      timestamp: t(5),
      stateExitedEventDetails: { name: 'SourceStage', output: stageResult('SourceStage', 10) },
    },
    {
      id: 7,
      type: 'TaskStateEntered',
      timestamp: t(5),
      stateEnteredEventDetails: { name: 'HeavyStage' },
    },
    { id: 8, type: 'TaskScheduled', timestamp: t(5) },
    {
      id: 9,
      type: 'TaskStateExited',
      timestamp: t(65),
      stateExitedEventDetails: { name: 'HeavyStage', output: '{}' },
    },
    {
      id: 10,
      type: 'PassStateExited',
      timestamp: t(65),
      stateExitedEventDetails: {
        name: 'HeavyStageOutput',
        output: JSON.stringify({ bucket: 'data', key: 'executions/b-1/HeavyStage/output.json' }),
      },
    },
    {
      id: 11,
      type: 'TaskStateEntered',
      timestamp: t(66),
      stateEnteredEventDetails: { name: 'UpperStage' },
    },
    { id: 12, type: 'TaskScheduled', timestamp: t(66) },
    {
      id: 13,
      type: 'TaskStateExited',
      timestamp: t(70),
      stateExitedEventDetails: { name: 'UpperStage', output: stageResult('UpperStage', 10) },
    },
    { ...ending, id: 14, timestamp: t(70) } as HistoryEvent,
  ];
}

describe('AWS target', () => {
  const sfn = mockClient(SFNClient);
  const cfn = mockClient(CloudFormationClient);

  function target(options: ConstructorParameters<typeof AwsTarget>[0] = {}) {
    return new AwsTarget({
      workflows: WORKFLOWS,
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      },
      stateMachineArns: { realtime: REALTIME_ARN, batch: BATCH_ARN },
      ...options,
    });
  }

  beforeEach(() => {
    sfn.reset();
    cfn.reset();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs Express with StartSyncExecution and returns the last stage output', async () => {
    // Arrange
    sfn.on(StartSyncExecutionCommand).resolves({
      executionArn: 'arn:exec',
      status: 'SUCCEEDED',
      output: stageResult('UpperStage', 3),
      startDate: new Date('2026-01-01T00:00:00Z'),
      stopDate: new Date('2026-01-01T00:00:02Z'),
    });

    // Act
    const handle = await target().start({
      workflow: 'realtime',
      executionId: 'r-1',
      input: { records: [] },
    });
    const result = await handle.result();

    // Assert
    expect(sfn.commandCalls(StartSyncExecutionCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: REALTIME_ARN,
      name: 'r-1',
    });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      target: 'aws',
      output: 's3://data/executions/b-1/UpperStage/output.json',
    });
  });

  it.each(['FAILED', 'TIMED_OUT'] as const)(
    'maps a 200 StartSyncExecution response with status %s to a failed run',
    async (status) => {
      // Arrange
      sfn
        .on(StartSyncExecutionCommand)
        .resolves({ status, error: 'ConfigurationError', cause: 'CEAP_SCORE_MODEL is not JSON' });

      // Act
      const handle = await target().start({
        workflow: 'realtime',
        executionId: 'r-2',
        input: { records: [] },
      });
      const failure = await handle.result().catch((error: unknown) => error);

      // Assert
      expect(failure).toBeInstanceOf(ExecutionFailedError);
      expect((failure as ExecutionFailedError).cause).toMatchObject({
        status,
        error: 'ConfigurationError',
        cause: 'CEAP_SCORE_MODEL is not JSON',
      });
    },
  );

  it('monitors Standard through the history with backoff 1 s, x1.5, and one DescribeExecution at the end', async () => {
    // Arrange
    jest.useFakeTimers();
    const running = batchHistory({ type: 'ExecutionStarted' }).slice(0, 8);
    const done = batchHistory({ type: 'ExecutionSucceeded' });
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:dev-batch:b-1' });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [...running].reverse() })
      .resolvesOnce({ events: [...running].reverse() })
      .resolves({ events: [...done].reverse() });
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'SUCCEEDED',
      startDate: new Date('2026-01-01T00:00:00Z'),
      stopDate: new Date('2026-01-01T00:01:10Z'),
      input: '{"logicalDate":"2026-01-01"}',
      output: stageResult('UpperStage', 10),
    });
    const progress: string[] = [];
    const handle = await target().start({
      workflow: 'batch',
      executionId: 'b-1',
      onProgress: (d) => progress.push(d.stages.map((s) => s.status).join(',')),
    });
    const result = handle.result();
    const historyCalls = () => sfn.commandCalls(GetExecutionHistoryCommand).length;

    // Act
    await jest.advanceTimersByTimeAsync(999);
    const before = historyCalls();
    await jest.advanceTimersByTimeAsync(1);
    const afterFirst = historyCalls();
    await jest.advanceTimersByTimeAsync(1499);
    const beforeSecond = historyCalls();
    await jest.advanceTimersByTimeAsync(1);
    const afterSecond = historyCalls();
    await jest.advanceTimersByTimeAsync(2250);
    const description = await result;

    // Assert
    expect([before, afterFirst, beforeSecond, afterSecond, historyCalls()]).toEqual([
      0, 1, 1, 2, 3,
    ]);
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: BATCH_ARN,
      name: 'b-1',
      input: expect.stringContaining('"logicalDate"'),
    });
    expect(progress[0]).toBe('SUCCEEDED,RUNNING,PENDING');
    expect(description).toMatchObject({
      status: 'SUCCEEDED',
      logicalDate: '2026-01-01',
      output: 's3://data/executions/b-1/UpperStage/output.json',
      stages: [
        { name: 'SourceStage', status: 'SUCCEEDED', records: 10, retries: 1, durationMs: 4000 },
        {
          name: 'HeavyStage',
          status: 'SUCCEEDED',
          retries: 0,
          output: 's3://data/executions/b-1/HeavyStage/output.json',
          durationMs: 60000,
        },
        { name: 'UpperStage', status: 'SUCCEEDED', records: 10, retries: 0 },
      ],
    });
  });

  it('grows the wait to a 60 s cap: a 2-hour run costs about a hundred polls, not thousands', () => {
    // Arrange
    const delays = backoffDelays();
    const schedule: number[] = [];
    let elapsed = 0;

    // Act
    while (elapsed < 2 * 60 * 60 * 1000) {
      const delay = delays.next().value;
      schedule.push(delay);
      elapsed += delay;
    }

    // Assert
    expect(schedule.slice(0, 5)).toEqual([1000, 1500, 2250, 3375, 5063]);
    expect(Math.max(...schedule)).toBe(60_000);
    expect(schedule.length).toBeLessThan(140);
  });

  it('reports a failed Standard run with the failing state, its Error and Cause', async () => {
    // Arrange
    const failed = batchHistory({ type: 'ExecutionFailed' }).slice(0, 4);
    failed.push({
      id: 14,
      type: 'ExecutionFailed',
      timestamp: new Date(),
      executionFailedEventDetails: { error: 'RetryableStageError', cause: 'S3 slow' },
    });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x' });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [...failed].reverse() });
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'FAILED',
      startDate: new Date(),
      stopDate: new Date(),
      error: 'RetryableStageError',
      cause: 'S3 slow',
    });

    // Act
    const handle = await target({ backoff: { initialMs: 1 } }).start({
      workflow: 'batch',
      executionId: 'b-2',
    });
    const failure = await handle.result().catch((error: unknown) => error);

    // Assert
    expect((failure as ExecutionFailedError).cause).toEqual({
      executionId: 'b-2',
      status: 'FAILED',
      error: 'RetryableStageError',
      cause: 'S3 slow',
      state: 'SourceStage',
    });
  });

  it('finds the state machine ARN in the {prefix}-ceap-{workflow} stack outputs', async () => {
    // Arrange
    cfn.on(DescribeStacksCommand, { StackName: 'prod-ceap-batch' }).resolves({
      Stacks: [
        {
          StackName: 'prod-ceap-batch',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: 'StateMachineArn', OutputValue: BATCH_ARN }],
        },
      ],
    });

    // Act
    const arn = await target({ stateMachineArns: {}, prefix: 'prod' }).stateMachineArn('batch');

    // Assert
    expect(arn).toBe(BATCH_ARN);
  });

  it('refuses a stack without the StateMachineArn output, naming the stack', async () => {
    // Arrange
    const message = 'stack dev-ceap-batch has no StateMachineArn output';
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'dev-ceap-batch',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [],
        },
      ],
    });

    // Act
    const lookup = target({ stateMachineArns: {} }).stateMachineArn('batch');

    // Assert
    await expect(lookup).rejects.toBeInstanceOf(StateMachineNotFoundError);
    await expect(lookup).rejects.toThrow(message);
  });

  it('maps a missing stack to StateMachineNotFoundError', async () => {
    // Arrange
    cfn
      .on(DescribeStacksCommand)
      .rejects(awsError('ValidationError', 'Stack with id dev-ceap-batch does not exist'));

    // Act
    const lookup = target({ stateMachineArns: {} }).stateMachineArn('batch');

    // Assert
    await expect(lookup).rejects.toBeInstanceOf(StateMachineNotFoundError);
  });

  it.each([
    ['ExecutionAlreadyExists', ExecutionAlreadyExistsError, 'execution "b-9" already exists'],
    ['AccessDeniedException', AccessDeniedError, 'StartExecution on execution "b-9" was denied'],
    ['ThrottlingException', ThrottledError, 'StartExecution on execution "b-9" was throttled'],
  ])(
    'maps %s from StartExecution to the runner error, naming the id',
    async (name, type, message) => {
      // Arrange
      sfn.on(StartExecutionCommand).rejects(awsError(name));

      // Act
      const start = target().start({ workflow: 'batch', executionId: 'b-9' });

      // Assert
      await expect(start).rejects.toBeInstanceOf(type);
      await expect(start).rejects.toThrow(message);
    },
  );

  it('maps ExecutionDoesNotExist to ExecutionNotFoundError naming the id', async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));

    // Act
    const describe = target().describe('nope-1');

    // Assert
    await expect(describe).rejects.toBeInstanceOf(ExecutionNotFoundError);
    await expect(describe).rejects.toThrow('execution "nope-1" was not found');
  });

  it('describes a Standard execution by id through its state machine ARN', async () => {
    // Arrange
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'RUNNING', startDate: new Date('2026-01-01T00:00:00Z') });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolves({ events: batchHistory({ type: 'ExecutionStarted' }).slice(0, 3).reverse() });

    // Act
    const description = await target().describe('b-3');

    // Assert
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:dev-batch:b-3',
    });
    expect(description).toMatchObject({
      status: 'RUNNING',
      stages: [{ name: 'SourceStage', status: 'RUNNING' }, {}, {}],
    });
  });
});
