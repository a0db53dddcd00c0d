import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { type JsonRecord, WorkflowStackOutput, workflowStackName } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import type { Workflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsScheduleStore } from '../../src/aws/aws-schedule-store.js';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import type { UiGrid, UiRun, UiStep, UiWorkflows } from '../../src/ui/ui-api-types.js';
import { startUiServer, type UiServer } from '../../src/ui/ui-server.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { describeExecutionOf, historyPages } from '../helpers/engine-history.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { runBatch } from '../helpers/shipped-runs.js';

const ETL_LOG_GROUP = '/ceap/dev/ETLStage';
const SCHEDULE_NAME = 'dev-ceap-batch-nightly';
const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';

/*
 * The UI over a client for `--target aws`: Step Functions is mocked with the history of the
 * compiled batch definition executed on the scratch S3, which holds that run's data.
 */
describe('ceap ui over the AWS target', () => {
  const sfn = mockClient(SFNClient);
  const cfn = mockClient(CloudFormationClient);
  const scheduler = mockClient(SchedulerClient);
  const lambda = mockClient(LambdaClient);
  const logs = mockClient(CloudWatchLogsClient);
  let s3: ScratchS3;
  let run: CompiledRun;
  let client: RunnerClient;
  let server: UiServer;
  const get = async <T>(path: string): Promise<T> =>
    (await (await fetch(new URL(path, server.url))).json()) as T;

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-ui-aws-test' });
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as {
      logicalDate: string;
      records: JsonRecord[];
    };
    run = await runBatch(s3, 'b-ui', {
      input: { logicalDate: sample.logicalDate, records: sample.records.slice(0, 60) },
    });
    const executionArn = `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${run.executionId}`;
    const described = describeExecutionOf(run.history, {
      executionArn,
      stateMachineArn: BATCH_ARN,
      name: run.executionId,
    });
    sfn.on(DescribeExecutionCommand).resolves(described);
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(run.history));
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn,
          stateMachineArn: BATCH_ARN,
          name: run.executionId,
          status: described.status,
          startDate: described.startDate,
          stopDate: described.stopDate,
        },
      ],
    });
    client = createRunnerClient({
      target: 'aws',
      aws: {
        region: 'eu-west-1',
        stateMachineArns: { batch: BATCH_ARN },
        clients: {
          sfn: new SFNClient({ region: 'eu-west-1' }),
          cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
          s3: s3.client,
          lambda: new LambdaClient({ region: 'eu-west-1' }),
          logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
        },
      },
    });
    // Each stage function logs to a group of its own; ETLStage's holds one pino line of this run.
    // (The compiled definition run here names each function by its placeholder.)
    lambda.on(GetFunctionConfigurationCommand).resolves({});
    lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: '${ETLStageFunctionArn}' })
      .resolves({ LoggingConfig: { LogGroup: ETL_LOG_GROUP } });
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    logs.on(FilterLogEventsCommand, { logGroupName: ETL_LOG_GROUP }).resolves({
      events: [
        {
          eventId: 'e1',
          timestamp: Date.parse(described.startDate?.toISOString() ?? '') + 1000,
          message: JSON.stringify({
            level: 30,
            msg: 'rejected a record',
            executionId: run.executionId,
            email: 'ada@example.com',
          }),
        },
      ],
    });
    // The batch stack's nightly schedule, as GetSchedule returns it once paused.
    cfn.on(DescribeStacksCommand, { StackName: workflowStackName('dev', 'batch') }).resolves({
      Stacks: [
        {
          StackName: workflowStackName('dev', 'batch'),
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: WorkflowStackOutput.ScheduleName, OutputValue: SCHEDULE_NAME }],
        },
      ],
    });
    scheduler.on(GetScheduleCommand, { Name: SCHEDULE_NAME }).resolves({
      Name: SCHEDULE_NAME,
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'DISABLED',
    });
    server = await startUiServer({
      client,
      workflows: { batch: SHIPPED_WORKFLOWS.batch as Workflow },
      port: 0,
      scheduleStore: new AwsScheduleStore({
        region: 'eu-west-1',
        clients: {
          scheduler: new SchedulerClient({ region: 'eu-west-1' }),
          cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        },
      }),
      now: () => new Date('2026-03-10T12:00:00Z'),
    });
  });

  afterAll(async () => {
    await server?.close();
    await client?.close();
    await s3?.stop();
    sfn.restore();
    cfn.restore();
    scheduler.restore();
    lambda.restore();
    logs.restore();
  });

  it('lists the run, and draws its grid row from its history, describing an ended run once', async () => {
    // Act
    const workflows = await get<UiWorkflows>('/api/workflows');
    const grid = await get<UiGrid>('/api/workflows/batch/grid');
    await get<UiGrid>('/api/workflows/batch/grid');

    // Assert
    expect(workflows.target).toBe('aws');
    expect(workflows.workflows[0]?.lastRuns).toEqual([
      expect.objectContaining({ executionId: 'b-ui', status: 'SUCCEEDED' }),
    ]);
    expect(grid.runs).toHaveLength(1);
    expect(grid.runs[0]?.cells).toEqual(
      Object.fromEntries(grid.steps.map((step) => [step, 'SUCCEEDED'])),
    );
    expect(sfn.commandCalls(DescribeExecutionCommand).length).toBe(1);
    expect(workflows.workflows[0]?.schedule).toMatchObject({
      state: 'PAUSED',
      scheduleName: SCHEDULE_NAME,
      nextRunAt: '2026-03-11T02:00:00.000Z',
      nextRunLocal: '2026-03-11T02:00+00:00',
      lastRun: expect.objectContaining({ executionId: 'b-ui' }),
    });
  });

  it('draws the run with a bar per step and one per Map iteration, from the history and the manifest, with its input', async () => {
    // Act
    const view = await get<UiRun>('/api/runs/b-ui');

    // Assert
    const described = await client.describe('b-ui');
    const steps = view.timeline.bars.filter((bar) => bar.kind === 'step');
    expect(steps.map((bar) => [bar.step, bar.durationMs])).toEqual(
      described.stages.map((s) => [s.name, s.durationMs]),
    );
    expect(view.input).toMatchObject({ logicalDate: described.logicalDate });
    const score = described.stages.find((s) => s.name === 'ScoreStage');
    expect(view.timeline.bars.filter((bar) => bar.kind === 'iteration')).toHaveLength(
      score?.iterations ?? -1,
    );
  });

  it("shows a step's counts and rejects from S3, and its log lines from its function's log group, masked", async () => {
    // Act
    const step = await get<UiStep>('/api/runs/b-ui/steps/ETLStage');

    // Assert
    const etl = (await client.describe('b-ui')).stages.find((s) => s.name === 'ETLStage');
    expect(step.stage).toMatchObject({ rejected: etl?.rejected, records: etl?.records });
    expect(Object.values(step.rejectedBy).reduce((a, b) => a + b, 0)).toBe(etl?.rejected);
    expect(step.rejects).toHaveLength(Math.min(100, etl?.rejected ?? 0));
    expect(step.records.length).toBeGreaterThan(0);
    expect(step.notes).toEqual([]);
    expect(step.logs).toEqual([
      expect.objectContaining({ msg: 'rejected a record', email: '•••', logGroup: ETL_LOG_GROUP }),
    ]);
    const filtered = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(filtered).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          logGroupName: ETL_LOG_GROUP,
          filterPattern: expect.stringContaining(`"${run.executionId}"`),
        }),
      ]),
    );
  });
});
