import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { JsonRecord } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { RunnerUsageError } from '../../src/errors.js';
import type { CompiledRun } from '../helpers/compiled-run.js';
import { collect } from '../helpers/embedded-s3.js';
import { describeExecutionOf, historyPages } from '../helpers/engine-history.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { runBatch } from '../helpers/shipped-runs.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';

describe('AWS target: stop, rejects, logs and clean', () => {
  const sfn = mockClient(SFNClient);
  let s3: ScratchS3;
  let run: CompiledRun;

  function target(): AwsTarget {
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: {
        sfn: new SFNClient({ region: 'eu-west-1' }),
        cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
        s3: s3.client,
      },
      stateMachineArns: { batch: BATCH_ARN },
      sleep: async () => undefined,
    });
  }

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-control-test' });
    // The history and the S3 data come from executing the compiled definition, on enough of
    // the sample for ETL to reject a few records.
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { logicalDate: string; records: JsonRecord[] };
    const input = { logicalDate: sample.logicalDate, records: sample.records.slice(0, 60) };
    run = await runBatch(s3, 'b-ctl', { input });
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    sfn.reset();
    sfn.on(DescribeExecutionCommand).resolves(
      describeExecutionOf(run.history, {
        executionArn: `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${run.executionId}`,
        stateMachineArn: BATCH_ARN,
        name: run.executionId,
      }),
    );
    sfn.on(GetExecutionHistoryCommand).callsFake(historyPages(run.history));
  });

  it('stop(reason) calls StopExecution with the reason as its cause', async () => {
    // Arrange
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const handle = await target().getHandle(run.executionId);

    // Act
    await handle.stop('bad data upstream');

    // Assert
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(1);
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toMatchObject({
      executionArn: `${BATCH_ARN.replace(':stateMachine:', ':execution:')}:${run.executionId}`,
      error: 'ceap.Stopped',
      cause: 'bad data upstream',
    });
  });

  it("reads a step's rejects from the keys its result names, with the counts describe() shows", async () => {
    // Arrange
    const aws = target();
    const etl = (await aws.describe(run.executionId)).stages.find((s) => s.name === 'ETLStage');

    // Act
    const found = await aws.rejects(run.executionId, { step: 'ETLStage' });
    const records = await collect(found.records);

    // Assert
    expect(etl?.rejected).toBeGreaterThan(0);
    expect(found.rejected).toBe(etl?.rejected);
    expect(records).toHaveLength(etl?.rejected as number);
    expect(Object.values(found.rejectedBy).reduce((sum, n) => sum + n, 0)).toBe(etl?.rejected);
    for (const record of records) expect(typeof record.reason).toBe('string');
  });

  it('refuses clean with a usage error saying it is local only', async () => {
    // Arrange
    const aws = target();

    // Act
    const clean = aws.clean({ keep: 1 });

    // Assert
    await expect(clean).rejects.toThrow(RunnerUsageError);
    await expect(clean).rejects.toThrow('clean deletes local executions only');
    expect(sfn.calls()).toHaveLength(0);
  });
});
