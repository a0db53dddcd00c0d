import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { WorkflowStackOutput, workflowStackName } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { runCompiledWorkflow } from '../helpers/compiled-run.js';
import { describeExecutionOf, historyPages } from '../helpers/engine-history.js';
import { FakeEventsQueue, statusChangeBody } from '../helpers/fake-events-queue.js';
import { sampleRecords, sourceStage, upperStage } from '../helpers/test-stages.js';

const ACCOUNT = 'arn:aws:states:eu-west-1:123456789012';
const MACHINE_ARN = `${ACCOUNT}:stateMachine:dev-ceap-test-standard`;
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dev-ceap-test-standard-events';
const TWO_HOURS = 2 * 60 * 60 * 1000;
const T0 = Date.parse('2026-03-11T02:00:00Z');

const workflow = defineWorkflow({
  name: 'test-standard',
  type: 'STANDARD',
  timeoutSeconds: 3 * 60 * 60,
  steps: chain(lambda('SourceStage'), lambda('UpperStage')),
});

/** A fake-timer wait that ends early when its signal aborts, as the target's default does. */
function fakeTimerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

describe('AWS monitoring driven by the execution events queue (fake timers, a 2-hour run)', () => {
  const sfn = mockClient(SFNClient);
  const sqs = mockClient(SQSClient);
  const cfn = mockClient(CloudFormationClient);
  let s3: ScratchS3;
  let run: CompiledRun;
  let running: HistoryEvent[];
  let queue: FakeEventsQueue;

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-monitor-test' });
    run = await runCompiledWorkflow({
      workflow,
      executionId: 'long-1',
      input: { records: sampleRecords(), logicalDate: '2026-03-11' },
      s3: s3.client,
      location: { bucket: s3.bucket },
      stages: { SourceStage: sourceStage, UpperStage: upperStage },
    });
    const entered = run.history.findIndex((e) => e.stateEnteredEventDetails?.name === 'UpperStage');
    running = run.history.slice(0, entered + 1);
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'queueMicrotask'] });
    sfn.reset();
    sqs.reset();
    cfn.reset();
    queue = new FakeEventsQueue();
    sqs.on(ReceiveMessageCommand).callsFake(queue.receive);
    sqs.on(DeleteMessageCommand).callsFake(queue.delete);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** The execution's state as AWS answers at the fake clock's now: it ends at T0 + 2 h. */
  function awsAnswersOverTime(executionArn: string) {
    const history = () => (Date.now() >= T0 + TWO_HOURS ? run.history : running);
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date(T0) });
    sfn.on(GetExecutionHistoryCommand).callsFake((input) => historyPages(history())(input));
    sfn.on(DescribeExecutionCommand).callsFake(() =>
      describeExecutionOf(history(), {
        executionArn,
        stateMachineArn: MACHINE_ARN,
        name: 'long-1',
      }),
    );
  }

  function stackOutputs(withQueue: boolean) {
    const outputs = [
      { OutputKey: WorkflowStackOutput.StateMachineArn, OutputValue: MACHINE_ARN },
      { OutputKey: WorkflowStackOutput.DataBucketName, OutputValue: s3.bucket },
      ...(withQueue
        ? [{ OutputKey: WorkflowStackOutput.ExecutionEventsQueueUrl, OutputValue: QUEUE_URL }]
        : []),
    ];
    cfn.on(DescribeStacksCommand, { StackName: workflowStackName('dev', workflow.name) }).resolves({
      Stacks: [
        {
          StackName: 'x',
          CreationTime: new Date(T0),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: outputs,
        },
      ],
    });
  }

  function target() {
    return new AwsTarget({
      workflows: { [workflow.name]: workflow },
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        sqs: new SQSClient({ region: 'eu-west-1' }),
        s3: s3.client,
      },
      sleep: fakeTimerSleep,
    });
  }

  /** Starts the run, lets 2 h 5 min of fake time pass, and says when the result came. */
  async function monitorTwoHours(withProgress: boolean) {
    const executionArn = `${ACCOUNT}:execution:dev-ceap-test-standard:long-1`;
    awsAnswersOverTime(executionArn);
    setTimeout(
      () => queue.send(statusChangeBody(executionArn, MACHINE_ARN, 'SUCCEEDED', new Date())),
      TWO_HOURS,
    );
    const aws = target();
    const handle = await aws.start({
      workflow: workflow.name,
      executionId: 'long-1',
      ...(withProgress && { onProgress: () => undefined }),
    });
    let detectedAt: number | undefined;
    const result = handle.result().then((description) => {
      detectedAt = Date.now();
      return description;
    });
    await jest.advanceTimersByTimeAsync(TWO_HOURS + 5 * 60 * 1000);
    const description = await result;
    await aws.close();
    return { description, latencyMs: (detectedAt as number) - (T0 + TWO_HOURS) };
  }

  it.each([
    ['with live progress (every poll reads the history)', true],
    ['without progress (a poll reads the newest event only)', false],
  ])(
    'sees the end within 5 s of its status change, with at most 150 Step Functions calls, %s',
    async (_why, withProgress) => {
      // Arrange
      stackOutputs(true);

      // Act
      const { description, latencyMs } = await monitorTwoHours(withProgress);

      // Assert
      expect(description.status).toBe('SUCCEEDED');
      expect(latencyMs).toBeGreaterThanOrEqual(0);
      expect(latencyMs).toBeLessThanOrEqual(5000);
      expect(sfn.calls().length).toBeLessThanOrEqual(150);
      expect(queue.receives[0]).toMatchObject({
        QueueUrl: QUEUE_URL,
        WaitTimeSeconds: 20,
        VisibilityTimeout: 0,
      });
      expect(queue.bodies).toEqual([]);
    },
  );

  it('without the events queue, falls back to the history backoff: seen within its 60 s cap', async () => {
    // Arrange
    stackOutputs(false);

    // Act
    const { description, latencyMs } = await monitorTwoHours(false);

    // Assert
    expect(description.status).toBe('SUCCEEDED');
    expect(latencyMs).toBeLessThanOrEqual(60_000);
    expect(sfn.calls().length).toBeLessThanOrEqual(150);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('a queue it may not read (AccessDenied) leaves the history backoff to see the end', async () => {
    // Arrange
    stackOutputs(true);
    sqs
      .on(ReceiveMessageCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDenied' }));

    // Act
    const { description, latencyMs } = await monitorTwoHours(false);

    // Assert
    expect(description.status).toBe('SUCCEEDED');
    expect(latencyMs).toBeLessThanOrEqual(60_000);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(1);
    expect(sfn.calls().length).toBeLessThanOrEqual(150);
  });

  it('asks each poll only for what it reads: the newest event, without execution data', async () => {
    // Arrange
    stackOutputs(true);

    // Act
    await monitorTwoHours(false);

    // Assert
    const reads = sfn.commandCalls(GetExecutionHistoryCommand).map((call) => call.args[0].input);
    const polls = reads.slice(0, -1);
    expect(polls.length).toBeGreaterThan(100);
    for (const poll of polls)
      expect(poll).toMatchObject({
        reverseOrder: true,
        maxResults: 1,
        includeExecutionData: false,
      });
    // The final read builds the step rows from the steps' results: it needs their data.
    expect(reads.at(-1)).toMatchObject({ includeExecutionData: true });
  });

  it('consumes only its own execution messages: another watcher finds its own still there', async () => {
    // Arrange
    stackOutputs(true);
    const other = `${ACCOUNT}:execution:dev-ceap-test-standard:someone-else`;
    const otherBody = statusChangeBody(other, MACHINE_ARN, 'SUCCEEDED', new Date(T0));
    queue.send(otherBody);

    // Act
    const { latencyMs } = await monitorTwoHours(false);

    // Assert
    expect(latencyMs).toBeLessThanOrEqual(5000);
    expect(queue.bodies).toEqual([otherBody]);
    // The other message stays visible but does not make the watcher spin: about one receive a
    // second while it is there, not thousands.
    expect(queue.receives.length).toBeLessThanOrEqual((TWO_HOURS + 5 * 60 * 1000) / 1000 + 10);
  });
});
