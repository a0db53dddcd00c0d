import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetScheduleCommand,
  type GetScheduleOutput,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { WorkflowStackOutput, workflowStackName } from '@ceap/core';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsScheduleStore } from '../../src/aws/aws-schedule-store.js';
import { RunnerUsageError } from '../../src/errors.js';
import { ScheduleState } from '../../src/schedule/schedule-types.js';

const SCHEDULE_NAME = 'prod-ceap-batch-nightly';
const DECLARED = { expression: 'cron(0 2 * * ? *)', timeZone: 'UTC' };

/** A schedule as GetSchedule returns the one infra's NightlySchedule deploys. */
const DEPLOYED: GetScheduleOutput = {
  Arn: `arn:aws:scheduler:eu-west-1:123456789012:schedule/default/${SCHEDULE_NAME}`,
  GroupName: 'default',
  Name: SCHEDULE_NAME,
  ScheduleExpression: 'cron(0 2 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/London',
  Description: 'ceap nightly run: cron(0 2 * * ? *) in Europe/London',
  State: 'ENABLED',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: {
    Arn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:prod-ceap-batch',
    RoleArn: 'arn:aws:iam::123456789012:role/prod-ceap-batch-schedule',
    Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>","scheduleTimeZone":"Europe/London"}',
    DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:dlq' },
    RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
  },
  CreationDate: new Date('2026-01-01T00:00:00Z'),
  LastModificationDate: new Date('2026-01-01T00:00:00Z'),
};

describe('schedules on AWS: EventBridge Scheduler through the stack’s ScheduleName output', () => {
  const cfn = mockClient(CloudFormationClient);
  const scheduler = mockClient(SchedulerClient);
  const store = () =>
    new AwsScheduleStore({
      prefix: 'prod',
      clients: {
        scheduler: new SchedulerClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      },
    });

  beforeEach(() => {
    cfn.reset();
    scheduler.reset();
    cfn.on(DescribeStacksCommand, { StackName: workflowStackName('prod', 'batch') }).resolves({
      Stacks: [
        {
          StackName: workflowStackName('prod', 'batch'),
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: WorkflowStackOutput.ScheduleName, OutputValue: SCHEDULE_NAME }],
        },
      ],
    });
    scheduler.on(GetScheduleCommand, { Name: SCHEDULE_NAME }).resolves(DEPLOYED);
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: DEPLOYED.Arn });
  });

  it('shows the deployed expression, zone and state', async () => {
    // Arrange, Act
    const shown = await store().read('batch', DECLARED);

    // Assert
    expect(shown).toEqual({
      expression: 'cron(0 2 * * ? *)',
      timeZone: 'Europe/London',
      state: ScheduleState.Active,
      scheduleName: SCHEDULE_NAME,
    });
  });

  it.each([
    [ScheduleState.Paused, 'DISABLED'],
    [ScheduleState.Active, 'ENABLED'],
  ] as const)(
    'sets %s as State %s, passing every other field back unchanged',
    async (state, wanted) => {
      // Arrange
      const aws = store();

      // Act
      const result = await aws.setState('batch', DECLARED, state);

      // Assert
      const calls = scheduler.commandCalls(UpdateScheduleCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toEqual({
        Name: SCHEDULE_NAME,
        GroupName: 'default',
        ScheduleExpression: DEPLOYED.ScheduleExpression,
        ScheduleExpressionTimezone: DEPLOYED.ScheduleExpressionTimezone,
        Description: DEPLOYED.Description,
        FlexibleTimeWindow: DEPLOYED.FlexibleTimeWindow,
        Target: DEPLOYED.Target,
        State: wanted,
      });
      expect(result.state).toBe(state);
    },
  );

  it('names the schedule when it does not exist (exit 2)', async () => {
    // Arrange
    scheduler.on(GetScheduleCommand).rejects(
      Object.assign(new Error(`Schedule ${SCHEDULE_NAME} does not exist.`), {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
      }),
    );

    // Act
    const read = store().read('batch', DECLARED);

    // Assert
    await expect(read).rejects.toThrow(RunnerUsageError);
    await expect(store().read('batch', DECLARED)).rejects.toThrow(
      `GetSchedule: schedule ${SCHEDULE_NAME} does not exist`,
    );
  });
});
