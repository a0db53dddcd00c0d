import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  ExecutionLimitExceeded,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { attemptEnded } from '../../src/aws/aws-redrive.js';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { ExecutionNotFoundError, RunnerUsageError } from '../../src/errors.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { describeExecutionOf } from '../helpers/engine-history.js';
import { runBatch } from '../helpers/shipped-runs.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';
const executionArn = (id: string) => `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${id}`;

describe('AWS target: redrive', () => {
  const sfn = mockClient(SFNClient);
  let s3: ScratchS3;
  let failed: CompiledRun;
  let succeeded: CompiledRun;

  function target(): AwsTarget {
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        s3: s3.client,
      },
      stateMachineArns: {
        batch: BATCH_ARN,
        'guarded-batch': BATCH_ARN.replace('dev-ceap-batch', 'dev-ceap-guarded-batch'),
      },
      // The redriven attempt is not followed here: its monitor waits for good.
      sleep: () => new Promise<void>(() => undefined),
    });
  }

  function described(run: CompiledRun, events = run.history) {
    return describeExecutionOf(events, {
      executionArn: executionArn(run.executionId),
      stateMachineArn: BATCH_ARN,
      name: run.executionId,
    });
  }

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-redrive-test' });
    // Both histories come from executing the compiled batch definition; the failed one with a
    // broken score model, as a bad CEAP_SCORE_MODEL breaks ScoreStage.
    failed = await runBatch(s3, 'b-failed', { env: { CEAP_SCORE_MODEL: '{"not": "a model"' } });
    succeeded = await runBatch(s3, 'b-done');
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => sfn.reset());

  it('describes the execution, then calls RedriveExecution on its ARN with a client token', async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).resolves(described(failed));
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date() });

    // Act
    const handle = await target().redrive(failed.executionId);

    // Assert
    expect(described(failed).status).toBe('FAILED');
    expect(handle.executionId).toBe('b-failed');
    expect(sfn.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'DescribeExecutionCommand',
      'RedriveExecutionCommand',
    ]);
    const input = sfn.commandCalls(RedriveExecutionCommand)[0]?.args[0].input;
    expect(input?.executionArn).toBe(executionArn('b-failed'));
    expect(input?.clientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['SUCCEEDED', () => described(succeeded)],
    ['RUNNING', () => described(failed, failed.history.slice(0, 4))],
  ])('refuses a %s execution without calling RedriveExecution', async (status, answer) => {
    // Arrange
    sfn.on(DescribeExecutionCommand).resolves(answer());

    // Act
    const refused = target().redrive('b-any');

    // Assert
    await expect(refused).rejects.toThrow(RunnerUsageError);
    await expect(refused).rejects.toThrow(
      `is ${status}; only a FAILED, TIMED_OUT or ABORTED execution can be redriven`,
    );
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it("refuses an execution AWS marks NOT_REDRIVABLE, with AWS's reason", async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).resolves({
      ...described(failed),
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution redrive count exceeded 1000',
    });

    // Act
    const refused = target().redrive(failed.executionId);

    // Assert
    await expect(refused).rejects.toThrow(
      'execution "b-failed" cannot be redriven: Execution redrive count exceeded 1000',
    );
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it.each([
    [
      new ExecutionNotRedrivable({ message: 'Execution is older than 14 days', $metadata: {} }),
      'execution "b-failed" cannot be redriven: Execution is older than 14 days',
    ],
    [
      new ExecutionLimitExceeded({ message: 'limit reached', $metadata: {} }),
      'RedriveExecution on execution "b-failed": the account\'s limit of open executions is reached',
    ],
  ])('maps %p from RedriveExecution to a usage error naming the id', async (error, message) => {
    // Arrange
    sfn.on(DescribeExecutionCommand).resolves(described(failed));
    sfn.on(RedriveExecutionCommand).rejects(error);

    // Act
    const refused = target().redrive(failed.executionId);

    // Assert
    await expect(refused).rejects.toThrow(RunnerUsageError);
    await expect(refused).rejects.toThrow(message);
  });

  it('an id no Standard state machine has is not found, saying AWS cannot redrive EXPRESS', async () => {
    // Arrange
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} }));

    // Act
    const refused = target().redrive('rt-express-1');

    // Assert
    await expect(refused).rejects.toThrow(ExecutionNotFoundError);
    await expect(refused).rejects.toThrow('AWS cannot redrive them');
  });

  it('an earlier attempt ending is not the end of the attempt a redrive started', () => {
    // Arrange
    const events = failed.history;

    // Act / Assert
    expect(attemptEnded(events, 0)).toBe(true);
    expect(attemptEnded(events, 1)).toBe(false);
    expect(attemptEnded(events.slice(0, 4), 0)).toBe(false);
  });
});
