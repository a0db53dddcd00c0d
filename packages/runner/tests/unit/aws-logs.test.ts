import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetJobCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type GetExecutionHistoryCommandInput,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { RunnerUsageError } from '../../src/errors.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { collect } from '../helpers/embedded-s3.js';
import { describeExecutionOf, historyPages } from '../helpers/engine-history.js';
import { runBatch } from '../helpers/shipped-runs.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';
const GLUE_ROLE = 'arn:aws:iam::123456789012:role/dev-ceap-batch-HeavyEtlRole';
const GLUE_FOLDER = '/aws-glue/jobs/dev-ceap-batch-security-role/dev-ceap-batch-HeavyEtlRole';

describe('AWS target: logs from CloudWatch Logs', () => {
  const sfn = mockClient(SFNClient);
  const logs = mockClient(CloudWatchLogsClient);
  const lambda = mockClient(LambdaClient);
  const glue = mockClient(GlueClient);
  let s3: ScratchS3;
  let run: CompiledRun;
  const waits: number[] = [];

  function target(): AwsTarget {
    const region = { region: 'eu-west-1' };
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: {
        sfn: new SFNClient(region),
        cloudFormation: new CloudFormationClient(region),
        s3: s3.client,
        logs: new CloudWatchLogsClient(region),
        lambda: new LambdaClient(region),
        glue: new GlueClient(region),
      },
      stateMachineArns: { batch: BATCH_ARN },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  }

  /** The history's lambda:invoke request ids of one state, from TaskSucceeded. */
  const requestIds = (state: string) =>
    run.history
      .filter((event) => event.type === 'TaskSucceeded')
      .map((event) => JSON.parse(event.taskSucceededEventDetails?.output ?? '{}'))
      .filter((output) => output.Payload?.stage === state)
      .map((output) => output.SdkResponseMetadata.RequestId as string);

  /** Two pages per log group: a pino line, then Lambda's REPORT line. */
  function logPages(input: FilterLogEventsCommandInput) {
    const group = input.logGroupName as string;
    // Lines written just after the window opens, as a running task writes them.
    const at = input.startTime as number;
    if (!input.nextToken) {
      const pino = {
        level: 30,
        time: '2026-03-11T04:14:32.001Z',
        stage: 'x',
        msg: 'stage finished',
      };
      return {
        events: [
          { eventId: `${group}-1`, timestamp: at + 1, message: `${JSON.stringify(pino)}\n` },
        ],
        nextToken: 'page-2',
      };
    }
    return {
      events: [
        {
          eventId: `${group}-2`,
          timestamp: at + 2,
          message: 'REPORT RequestId: r Duration: 12 ms\n',
        },
      ],
    };
  }

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-logs-test' });
    run = await runBatch(s3, 'b-logs');
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    for (const mock of [sfn, logs, lambda, glue]) mock.reset();
    waits.length = 0;
    const names = { executionArn: run.executionArn, stateMachineArn: BATCH_ARN, name: 'b-logs' };
    sfn.on(DescribeExecutionCommand).resolves(describeExecutionOf(run.history, names));
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(run.history));
    lambda.on(GetFunctionConfigurationCommand).callsFake(({ FunctionName }) => ({
      LoggingConfig: { LogGroup: `dev-ceap-batch-${FunctionName}-LogGroup` },
    }));
    glue.on(GetJobCommand).resolves({
      Job: {
        Name: 'job',
        GlueVersion: '4.0',
        SecurityConfiguration: 'dev-ceap-batch-security',
        Role: GLUE_ROLE,
      },
    });
    logs.on(FilterLogEventsCommand).callsFake(logPages);
  });

  it("reads a Lambda step's log group (its LoggingConfig) for its request ids, page by page", async () => {
    // Arrange
    const ids = requestIds('FilterStage');

    // Act
    const lines = await collect(target().logs('b-logs', { step: 'FilterStage' }));

    // Assert
    expect(ids).toHaveLength(1);
    const sent = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    const functionName = lambda.commandCalls(GetFunctionConfigurationCommand)[0]?.args[0].input
      .FunctionName;
    expect(sent).toEqual([
      expect.objectContaining({
        logGroupName: `dev-ceap-batch-${functionName}-LogGroup`,
        filterPattern: `?"b-logs" ?"${ids[0]}"`,
        startTime: expect.any(Number),
        endTime: expect.any(Number),
      }),
      expect.objectContaining({ nextToken: 'page-2' }),
    ]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'stage finished', stage: 'x' }),
      expect.objectContaining({ stage: 'FilterStage', msg: 'REPORT RequestId: r Duration: 12 ms' }),
    ]);
    expect(sfn.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'DescribeExecutionCommand',
      'GetExecutionHistoryCommand',
    ]);
  });

  it("reads a Glue step's output and error groups, as infra names them, by job run id", async () => {
    // Arrange
    const submitted = run.history.find(
      (event) => event.taskSucceededEventDetails?.resourceType === 'glue',
    );
    const jobRunId = JSON.parse(submitted?.taskSucceededEventDetails?.output ?? '{}').Id;

    // Act
    const lines = await collect(target().logs('b-logs', { step: 'HeavyETLStage' }));

    // Assert
    expect(glue.commandCalls(GetJobCommand)).toHaveLength(1);
    const sent = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(sent.filter((input) => !input.nextToken)).toEqual([
      expect.objectContaining({
        logGroupName: `${GLUE_FOLDER}/output`,
        logStreamNamePrefix: jobRunId,
      }),
      expect.objectContaining({
        logGroupName: `${GLUE_FOLDER}/error`,
        logStreamNamePrefix: jobRunId,
      }),
    ]);
    expect(lines).toHaveLength(4);
  });

  it('follows a running execution with backoff until it ends, each line once', async () => {
    // Arrange
    const ended = run.history.length - 1;
    let reads = 0;
    sfn
      .on(GetExecutionHistoryCommand)
      .callsFake((input: GetExecutionHistoryCommandInput) =>
        historyPages(reads++ === 0 ? run.history.slice(0, ended) : run.history)(input),
      );

    // Act
    const lines = await collect(target().logs('b-logs', { step: 'ETLStage', follow: true }));

    // Assert
    expect(waits).toEqual([1000]);
    expect(lines).toHaveLength(2);
    const polls = logs
      .commandCalls(FilterLogEventsCommand)
      .map((call) => call.args[0].input)
      .filter((input) => !input.nextToken);
    expect(polls).toHaveLength(2);
    // The second poll reads on from the newest line the first one saw.
    expect(polls[1]?.startTime).toBe((polls[0]?.startTime as number) + 2);
  });

  it.each([
    [
      'a log group that does not exist',
      new ResourceNotFoundException({
        message: 'The specified log group does not exist.',
        $metadata: {},
      }),
      'FilterLogEvents: log group dev-ceap-batch-',
    ],
  ])('maps %s to a usage error naming it', async (_what, error, message) => {
    // Arrange
    logs.on(FilterLogEventsCommand).rejects(error);

    // Act
    const read = collect(target().logs('b-logs', { step: 'StoreStage' }));

    // Assert
    await expect(read).rejects.toThrow(RunnerUsageError);
    await expect(read).rejects.toThrow(message);
    await expect(read).rejects.toThrow('(step StoreStage) does not exist');
  });

  it('refuses a step the workflow does not have', async () => {
    // Act
    const read = collect(target().logs('b-logs', { step: 'Nope' }));

    // Assert
    await expect(read).rejects.toThrow('--step "Nope" is not a step of batch');
    expect(logs.calls()).toHaveLength(0);
  });
});
