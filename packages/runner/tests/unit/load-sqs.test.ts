import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetQueueAttributesCommand,
  type GetQueueAttributesCommandInput,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { RunnerUsageError } from '../../src/errors.js';
import { runSqsLoad } from '../../src/load/sqs-load.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dev-ceap-realtime';
const DLQ = `${QUEUE}-dlq`;

describe('ceap load --target aws', () => {
  const sqs = mockClient(SQSClient);
  const cloudFormation = mockClient(CloudFormationClient);

  function options() {
    return {
      sqs: new SQSClient({ region: 'eu-west-1' }),
      cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      wait: async () => undefined,
      estimate: async (runs: number) => ({ total: String(runs), totalNanoUsd: runs }),
    };
  }

  beforeEach(() => {
    sqs.reset();
    cloudFormation.reset();
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'dev-ceap-realtime',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'QueueUrl', OutputValue: QUEUE },
            { OutputKey: 'DeadLetterQueueUrl', OutputValue: DLQ },
          ],
        },
      ],
    });
  });

  it('sends the messages in batches of 10 to the stack queue, each tagged with the testRunId, and waits for the queue to drain', async () => {
    // Arrange
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    let polls = 0;
    sqs.on(GetQueueAttributesCommand).callsFake((input: GetQueueAttributesCommandInput) => {
      if (input.QueueUrl === DLQ) return { Attributes: { ApproximateNumberOfMessages: '0' } };
      polls += 1;
      const busy = polls < 3 ? '4' : '0';
      return {
        Attributes: {
          ApproximateNumberOfMessages: busy,
          ApproximateNumberOfMessagesNotVisible: busy,
        },
      };
    });

    // Act
    const report = await runSqsLoad(
      { workflow: 'realtime', messages: 25, concurrency: 2, testRunId: 'load-test-1' },
      options(),
    );

    // Assert
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.Entries?.length)).toEqual([10, 10, 5]);
    expect(calls.every((input) => input.QueueUrl === QUEUE)).toBe(true);
    const entries = calls.flatMap((input) => input.Entries ?? []);
    expect(new Set(entries.map((entry) => entry.Id)).size).toBe(25);
    for (const entry of entries) {
      expect(entry.MessageAttributes?.testRunId).toEqual({
        DataType: 'String',
        StringValue: 'load-test-1',
      });
      const body = JSON.parse(entry.MessageBody ?? '{}') as {
        testRunId: string;
        records: unknown[];
      };
      expect(body.testRunId).toBe('load-test-1');
      expect(body.records).toHaveLength(1);
    }
    expect(polls).toBe(3);
    expect(report).toMatchObject({ target: 'aws', messages: 25, recordsSent: 25, failures: 0 });
    expect(report.estimatedCost.totalNanoUsd).toBe(25);
  });

  it('counts refused sends and the messages the dead-letter queue gained as failures', async () => {
    // Arrange
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: 'm3', SenderFault: false, Code: 'InternalError' }],
    });
    let deadLetterReads = 0;
    sqs.on(GetQueueAttributesCommand).callsFake((input: GetQueueAttributesCommandInput) => {
      if (input.QueueUrl !== DLQ) return { Attributes: { ApproximateNumberOfMessages: '0' } };
      deadLetterReads += 1;
      return { Attributes: { ApproximateNumberOfMessages: deadLetterReads === 1 ? '7' : '9' } };
    });

    // Act
    const report = await runSqsLoad({ workflow: 'realtime', messages: 5 }, options());

    // Assert
    expect(report.failures).toBe(1 + 2);
  });

  it.each([
    [{ messages: 10_001 }, '--messages 10001'],
    [{ messages: 10, concurrency: 201 }, '--concurrency 201'],
  ])('refuses a test beyond its bounds (%o) before sending anything', async (bounds, named) => {
    // Act
    const running = runSqsLoad({ workflow: 'realtime', ...bounds }, options());

    // Assert
    await expect(running).rejects.toThrow(RunnerUsageError);
    await expect(running).rejects.toThrow(named);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
