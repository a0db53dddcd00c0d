import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { runStage } from '@ceap/core';
import { createStoreStage, datasetKey, storeStage } from '../../src/index.js';
import { parseLines, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import {
  expectBalanced,
  nextExecutionId,
  quietLogger,
  runAndRead,
} from '../helpers/stage-runner.js';

function scored(customerId: string, score: number): Record<string, unknown> {
  return { customerId, email: `${customerId}@example.com`, score, modelVersion: 'm1' };
}

describe('StoreStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  async function putScored(
    executionId: string,
    records: Record<string, unknown>[],
    keyPrefix = '',
  ): Promise<string> {
    const key = `${keyPrefix}executions/${executionId}/ScoreStage/output.json`;
    await s3.putRecords(key, records);
    return key;
  }

  it('writes the scored records to datasets/candidates/dt={logicalDate}/{runKey}.json', async () => {
    // Arrange
    const executionId = nextExecutionId('store');
    const records = [scored('a', 0.9), scored('b', 0.1)];
    const key = await putScored(executionId, records);

    // Act
    const { result, records: output } = await runAndRead(s3, storeStage, {
      executionId,
      input: { bucket: TEST_BUCKET, key, logicalDate: '2026-03-11' },
    });

    // Assert
    expect(result.runKey).toMatch(/^[0-9a-f]{32}$/);
    const expectedKey = `datasets/candidates/dt=2026-03-11/${result.runKey}.json`;
    expect(result.metrics).toMatchObject({
      datasetBucket: TEST_BUCKET,
      datasetKey: expectedKey,
      datasetRecords: 2,
    });
    expect(parseLines(await s3.getText(expectedKey))).toEqual(records);
    expect(output).toEqual(records);
    expectBalanced(result);
  });

  it('replaces the object when another execution stores the same logical input', async () => {
    // Arrange: a redelivered message runs as a second execution carrying the same run key.
    const runKey = '5f0e3a7c9b1d2e4f6a8b0c1d2e3f4a5b';
    const first = nextExecutionId('store-first');
    const second = nextExecutionId('store-redelivered');
    const inputOf = async (executionId: string, records: Record<string, unknown>[]) => ({
      bucket: TEST_BUCKET,
      key: await putScored(executionId, records),
      logicalDate: '2026-03-12',
      runKey,
    });
    await runAndRead(s3, storeStage, {
      executionId: first,
      input: await inputOf(first, [scored('a', 0.9)]),
    });

    // Act
    await runAndRead(s3, storeStage, {
      executionId: second,
      input: await inputOf(second, [scored('a', 0.8), scored('b', 0.7)]),
    });

    // Assert
    const listing = await s3.client.send(
      new ListObjectsV2Command({
        Bucket: TEST_BUCKET,
        Prefix: 'datasets/candidates/dt=2026-03-12/',
      }),
    );
    expect(listing.Contents?.map((object) => object.Key)).toEqual([
      `datasets/candidates/dt=2026-03-12/${runKey}.json`,
    ]);
    expect(
      parseLines(await s3.getText(`datasets/candidates/dt=2026-03-12/${runKey}.json`)),
    ).toHaveLength(2);
  });

  it('adds an object beside it for a different logical input of the same day', async () => {
    // Arrange
    const keys: string[] = [];
    for (const runKey of ['1'.repeat(32), '2'.repeat(32)]) {
      const executionId = nextExecutionId('store-other');
      const { result } = await runAndRead(s3, storeStage, {
        executionId,
        input: {
          bucket: TEST_BUCKET,
          key: await putScored(executionId, [scored('a', 0.9)]),
          logicalDate: '2026-03-15',
          runKey,
        },
      });
      keys.push(String(result.metrics.datasetKey));
    }

    // Assert
    expect(keys).toEqual([
      `datasets/candidates/dt=2026-03-15/${'1'.repeat(32)}.json`,
      `datasets/candidates/dt=2026-03-15/${'2'.repeat(32)}.json`,
    ]);
  });

  it('writes under the key prefix and a dataset name passed in code', async () => {
    // Arrange
    const executionId = nextExecutionId('store-prefix');
    const key = await putScored(executionId, [scored('a', 0.5)], 'team-a/');
    const stage = createStoreStage({ dataset: 'candidates_v2' });

    // Act
    const result = await runStage(
      stage,
      { executionId, input: { bucket: TEST_BUCKET, key, logicalDate: '2026-03-13' } },
      {
        s3: s3.client,
        location: { bucket: TEST_BUCKET, keyPrefix: 'team-a/' },
        logger: quietLogger,
      },
    );

    // Assert
    expect(result.metrics.datasetKey).toBe(
      datasetKey('team-a/', 'candidates_v2', '2026-03-13', result.runKey),
    );
    expect(
      await s3.exists(`team-a/datasets/candidates_v2/dt=2026-03-13/${result.runKey}.json`),
    ).toBe(true);
  });

  it.each([
    ['no score', { customerId: 'x' }, 'score'],
    ['a score above 1', { customerId: 'x', score: 1.5 }, 'score'],
    ['no customerId', { score: 0.4 }, 'customerId'],
  ])('rejects a record with %s as not-scored', async (_label, record, field) => {
    // Arrange
    const executionId = nextExecutionId('store-reject');
    const key = await putScored(executionId, [scored('a', 0.9), record]);

    // Act
    const { result, rejects } = await runAndRead(s3, storeStage, {
      executionId,
      input: { bucket: TEST_BUCKET, key },
    });

    // Assert
    expect(result.rejectedBy).toEqual({ 'not-scored': 1 });
    expect(rejects[0]).toMatchObject({ field });
    expectBalanced(result);
  });

  it('stores an empty partition for an empty input', async () => {
    // Arrange
    const executionId = nextExecutionId('store-empty');
    const key = await putScored(executionId, []);

    // Act
    const { result } = await runAndRead(s3, storeStage, {
      executionId,
      input: { bucket: TEST_BUCKET, key, logicalDate: '2026-03-14' },
    });

    // Assert
    expect(result.records).toBe(0);
    expect(await s3.getText(String(result.metrics.datasetKey))).toBe('');
  });

  it('refuses a dataset name that would leave its folder', () => {
    // Arrange
    const dataset = '../secrets';

    // Act
    const create = () => createStoreStage({ dataset });

    // Assert
    expect(create).toThrow(/createStoreStage options\.dataset/);
  });
});
