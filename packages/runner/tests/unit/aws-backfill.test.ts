import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { createRunnerClient } from '../../src/client/runner-client.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';
const executionArn = (name: string) =>
  `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${name}`;

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} (test)`), { name, $metadata: { httpStatusCode: 400 } });
}

/** DescribeExecution's answer for a run of `name` that ended with `status`. */
function ended(name: string, status: 'SUCCEEDED' | 'FAILED') {
  return {
    executionArn: executionArn(name),
    stateMachineArn: BATCH_ARN,
    name,
    status,
    startDate: new Date('2026-03-10T02:00:00Z'),
    stopDate: new Date('2026-03-10T02:10:00Z'),
    input: JSON.stringify({ logicalDate: name.slice('batch-'.length, 'batch-'.length + 10) }),
  };
}

describe('backfill on AWS: one Standard execution per date, named for it', () => {
  const sfn = mockClient(SFNClient);
  const client = () =>
    createRunnerClient({
      target: 'aws',
      // The batch alone, so looking an id up asks only its state machine.
      workflows: { batch: SHIPPED_WORKFLOWS.batch as NonNullable<typeof SHIPPED_WORKFLOWS.batch> },
      aws: {
        clients: {
          sfn: new SFNClient({ region: 'eu-west-1' }),
          cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        },
        stateMachineArns: { batch: BATCH_ARN },
        sleep: async () => undefined,
      },
    });

  beforeEach(() => {
    sfn.reset();
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
  });

  it('plans from DescribeExecution: skips a succeeded date, redrives a failed one, starts a new one', async () => {
    // Arrange
    sfn
      .on(DescribeExecutionCommand, { executionArn: executionArn('batch-2026-03-01') })
      .resolves(ended('batch-2026-03-01', 'SUCCEEDED'));
    sfn
      .on(DescribeExecutionCommand, { executionArn: executionArn('batch-2026-03-02') })
      .resolves(ended('batch-2026-03-02', 'FAILED'));

    // Act
    const report = await client().backfill({
      workflow: 'batch',
      from: '2026-03-01',
      to: '2026-03-03',
      rerun: 'failed',
      dryRun: true,
    });

    // Assert
    expect(report.dates.map((d) => [d.executionId, d.action, d.previousStatus])).toEqual([
      ['batch-2026-03-01', 'skip', 'SUCCEEDED'],
      ['batch-2026-03-02', 'redrive', 'FAILED'],
      ['batch-2026-03-03', 'start', undefined],
    ]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('relies on StartExecution’s name uniqueness: a date another process took is skipped, not run twice', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));
    sfn
      .on(DescribeExecutionCommand, { executionArn: executionArn('batch-2026-03-04') })
      .rejectsOnce(awsError('ExecutionDoesNotExist'))
      .resolves(ended('batch-2026-03-04', 'SUCCEEDED'));

    // Act
    const report = await client().backfill({
      workflow: 'batch',
      from: '2026-03-04',
      to: '2026-03-04',
    });

    // Assert
    const starts = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
    expect(starts).toEqual([
      {
        stateMachineArn: BATCH_ARN,
        name: 'batch-2026-03-04',
        input: JSON.stringify({ logicalDate: '2026-03-04' }),
      },
    ]);
    expect(report.dates).toMatchObject([
      { executionId: 'batch-2026-03-04', action: 'skip', status: 'SUCCEEDED' },
    ]);
    expect(report).toMatchObject({ started: 0, skipped: 1, failed: 0 });
  });
});
