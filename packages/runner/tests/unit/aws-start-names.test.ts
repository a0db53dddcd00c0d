import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { logicalInputKey } from '@ceap/core';
import { type ScratchS3, startScratchS3 } from '@ceap/core/testing';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { expressNameKey } from '../../src/aws/aws-start.js';
import { AwsTarget } from '../../src/aws/aws-target.js';
import { putIfAbsent } from '../../src/aws/put-if-absent.js';
import { ExecutionAlreadyExistsError, RunnerUsageError } from '../../src/errors.js';
import { parseLines } from '../helpers/embedded-s3.js';

const REALTIME_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-realtime';
const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';

/** 400 records of about 200 bytes: an input over the 64 KiB claim-check threshold. */
function largeRecords(): Record<string, unknown>[] {
  return Array.from({ length: 400 }, (_, i) => ({ id: `c-${i}`, note: 'n'.repeat(200) }));
}

function awsError(name: string): Error {
  return Object.assign(new Error(`${name}: Execution Already Exists`), {
    name,
    $metadata: { httpStatusCode: 400 },
  });
}

describe('AWS target: execution names and large inputs (SFN mocked, S3 the embedded server)', () => {
  const sfn = mockClient(SFNClient);
  let s3: ScratchS3;

  function target(): AwsTarget {
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: { sfn: new SFNClient({ region: 'eu-west-1' }), s3: s3.client },
      stateMachineArns: { realtime: REALTIME_ARN, batch: BATCH_ARN },
      dataBucket: s3.bucket,
      keyPrefix: '',
      sleep: async () => undefined,
    });
  }

  beforeAll(async () => {
    s3 = await startScratchS3({ bucket: 'ceap-aws-names' });
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    sfn.reset();
    sfn.on(StartSyncExecutionCommand).resolves({ status: 'SUCCEEDED', output: '{}' });
  });

  it('s3rver ignores If-None-Match on PUT, so putIfAbsent looks the key up first', async () => {
    // Arrange
    const put = () =>
      s3.client.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: 'probe', Body: 'x', IfNoneMatch: '*' }),
      );
    await put();

    // Act
    const second = await put().then(
      () => 'stored',
      () => 'refused',
    );
    const viaHelper = await putIfAbsent(s3.client, s3.bucket, 'probe', 'y');

    // Assert
    expect(second).toBe('stored');
    expect(viaHelper).toBe(false);
    expect(await s3.getText('probe')).toBe('x');
  });

  it('reserves an Express name before the run and refuses it the second time', async () => {
    // Arrange
    const start = () =>
      target().start({ workflow: 'realtime', executionId: 'rt-once', input: { records: [] } });
    await start();

    // Act
    const again = start();

    // Assert
    await expect(again).rejects.toThrow(ExecutionAlreadyExistsError);
    await expect(again).rejects.toThrow('execution "rt-once" already exists');
    expect(sfn.commandCalls(StartSyncExecutionCommand)).toHaveLength(1);
    const marker = JSON.parse(await s3.getText(expressNameKey('rt-once')));
    expect(marker).toMatchObject({ executionId: 'rt-once', workflow: 'realtime' });
    expect(expressNameKey('rt-once')).toBe('executions/rt-once/_execution-name.json');
  });

  it('surfaces a Standard ExecutionAlreadyExists as ExecutionAlreadyExistsError naming the id (exit 2)', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));

    // Act
    const failure = await target()
      .start({ workflow: 'batch', executionId: 'b-twice', logicalDate: '2026-03-11' })
      .catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(ExecutionAlreadyExistsError);
    expect((failure as Error).message).toContain('"b-twice" already exists');
    // The CLI exits with 2 for every RunnerUsageError.
    expect(failure).toBeInstanceOf(RunnerUsageError);
  });

  it('claim-checks a large Express input: records to the data bucket, the pointer to StartSyncExecution', async () => {
    // Arrange
    const records = largeRecords();

    // Act
    await target().start({
      workflow: 'realtime',
      executionId: 'rt-large',
      input: { records },
      logicalDate: '2026-03-11',
    });

    // Assert
    const input = JSON.parse(
      sfn.commandCalls(StartSyncExecutionCommand)[0]?.args[0].input.input ?? '',
    );
    expect(input).toEqual({
      logicalDate: '2026-03-11',
      source: { key: expect.stringMatching(/^incoming\/claims\/[0-9a-f]{32}\.jsonl$/) },
      runKey: logicalInputKey({ records, logicalDate: '2026-03-11' }, '2026-03-11'),
    });
    expect(parseLines(await s3.getText(input.source.key))).toEqual(records);
  });

  it('claim-checks a large Standard input before StartExecution', async () => {
    // Arrange
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${BATCH_ARN}:b-large` });
    const records = largeRecords();

    // Act
    await target().start({ workflow: 'batch', executionId: 'b-large', input: { records } });

    // Assert
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '');
    expect(Object.keys(input).sort()).toEqual(['logicalDate', 'runKey', 'source']);
    expect(parseLines(await s3.getText(input.source.key))).toEqual(records);
  });
});
