import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  GetFunctionConfigurationCommand,
  type GetFunctionConfigurationCommandInput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { batchWorkflow, SHIPPED_WORKFLOWS, StageName, scoreStage } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { lambdaFunctionsByState } from '../../src/aws/aws-usage.js';
import { executionCost } from '../../src/cost/execution-cost.js';
import { DEFAULT_PRICES } from '../../src/cost/price-table.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { describeExecutionOf, historyPages } from '../helpers/engine-history.js';
import { failingOnce, runBatch } from '../helpers/shipped-runs.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';

describe('ceap cost of an AWS execution, from its history', () => {
  const sfn = mockClient(SFNClient);
  const lambda = mockClient(LambdaClient);
  let s3: ScratchS3;
  let run: CompiledRun;

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-cost-aws-test' });
    // Score fails once per part and is retried: each retry is a transition of its own.
    run = await runBatch(s3, 'cost-aws-1', {
      stages: { [StageName.Score]: failingOnce(scoreStage) },
    });
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    sfn.reset();
    lambda.reset();
    sfn.on(DescribeExecutionCommand).resolves(
      describeExecutionOf(run.history, {
        executionArn: `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${run.executionId}`,
        stateMachineArn: BATCH_ARN,
        name: run.executionId,
      }),
    );
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(run.history));
  });

  it('counts transitions as AWS bills them and sizes each function from its deployed configuration', async () => {
    // Arrange
    const etlFunction = lambdaFunctionsByState(run.history).get(StageName.ETL);
    lambda
      .on(GetFunctionConfigurationCommand)
      .callsFake((input: GetFunctionConfigurationCommandInput) =>
        input.FunctionName === etlFunction
          ? { MemorySize: 2048, Architectures: ['x86_64'] }
          : { MemorySize: 1024, Architectures: ['arm64'] },
      );
    const target = new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        lambda: new LambdaClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        s3: s3.client,
      },
      stateMachineArns: { batch: BATCH_ARN },
      dataBucket: s3.bucket,
      sleep: async () => undefined,
    });

    // Act
    const recorded = await target.usage(run.executionId);
    const description = await target.describe(run.executionId);
    const cost = executionCost(batchWorkflow, description, recorded, {
      table: DEFAULT_PRICES,
      files: [],
    });

    // Assert
    const types = run.history.map((event) => event.type ?? '');
    const entered = types.filter((type) => type.endsWith('StateEntered')).length;
    const taskEntries = types.filter((type) => type === 'TaskStateEntered').length;
    const scheduled = types.filter((type) => type === 'TaskScheduled').length;
    const retries = scheduled - taskEntries;
    expect(retries).toBeGreaterThan(0);
    expect(recorded.usage.transitions).toBe(entered + retries);
    const transitions = cost.lines.find((line) => line.unit === 'transition');
    expect(transitions?.amountNanoUsd).toBe((entered + retries) * 25_000); // $0.000025 each
    const etl = cost.lines.find((line) => line.item.startsWith(`${StageName.ETL} duration`));
    expect(etl).toMatchObject({
      unitPrice: '0.0000166667',
      item: expect.stringContaining('2048 MB'),
    });
    expect(cost.lines.filter((line) => line.unit === 'request').map((l) => l.item)).toEqual([
      'requests (x86_64)',
      'requests (arm64)',
    ]);
    expect(cost.lines.reduce((sum, line) => sum + line.amountNanoUsd, 0)).toBe(cost.totalNanoUsd);
    const looked = lambda
      .commandCalls(GetFunctionConfigurationCommand)
      .map((c) => c.args[0].input.FunctionName);
    expect(new Set(looked).size).toBe(looked.length);
    await target.close();
  });
});
