import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createLogger, defineStage, runStage, type StageDefinition } from '@ceap/core';
import { dataPlaceOf, readStageRejects } from '../../src/client/stage-rejects.js';
import { RunnerUsageError } from '../../src/errors.js';
import type { ExecutionDescription } from '../../src/execution-types.js';
import { collect, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';

const PREFIX = 'team-a/';
const ID = 'rej-1';

/** A description as the AWS target gives it: each step's output URI under the deployment's prefix. */
function description(rejected: number): ExecutionDescription {
  const uri = (step: string) => `s3://${TEST_BUCKET}/${PREFIX}executions/${ID}/${step}/output.json`;
  return {
    executionId: ID,
    workflow: 'realtime',
    target: 'aws',
    status: 'SUCCEEDED',
    startedAt: '2026-03-11T00:00:00.000Z',
    stages: [
      { name: 'ETLStage', status: 'SUCCEEDED', retries: 0, rejected, output: uri('ETLStage') },
      {
        name: 'ScoreStage',
        status: 'SUCCEEDED',
        retries: 0,
        rejected: 0,
        output: uri('ScoreStage'),
      },
    ],
  };
}

describe('readStageRejects (the key and counts from the step result in the run manifest)', () => {
  let s3: TestS3;
  const rejects = [
    { reason: 'invalid-number', line: 1 },
    { reason: 'invalid-date', line: 4 },
    { reason: 'invalid-number', line: 9 },
  ];

  beforeAll(async () => {
    s3 = await startTestS3();
    // A Map step's rejects: a folder of parts, as the manifest's summed result points at it.
    const folder = `${PREFIX}executions/${ID}/ETLStage/rejects.json`;
    await s3.putRecords(`${folder}/part-00000.json`, rejects.slice(0, 2));
    await s3.putRecords(`${folder}/part-00001.json`, rejects.slice(2));
    const result = {
      bucket: TEST_BUCKET,
      executionId: ID,
      stage: 'ETLStage',
      rejectsKey: folder,
      rejected: 3,
      rejectedBy: { 'invalid-number': 2, 'invalid-date': 1 },
    };
    await s3.client.send(
      new PutObjectCommand({
        Bucket: TEST_BUCKET,
        Key: `${PREFIX}executions/${ID}/_manifest/ETLStage.json`,
        Body: JSON.stringify(result),
      }),
    );
  });

  afterAll(() => s3.stop());

  it('finds the bucket and key prefix of an AWS execution from its output URIs', () => {
    // Arrange
    const described = description(3);

    // Act
    const place = dataPlaceOf(described);

    // Assert
    expect(place).toEqual({ bucket: TEST_BUCKET, keyPrefix: PREFIX });
  });

  it("reads every part of the step's rejects with the status counts", async () => {
    // Arrange
    const described = description(3);

    // Act
    const found = await readStageRejects(s3.client, described, dataPlaceOf(described), {
      step: 'ETLStage',
    });
    const records = await collect(found.records);

    // Assert
    expect(found).toMatchObject({
      executionId: ID,
      step: 'ETLStage',
      rejected: 3,
      rejectedBy: { 'invalid-number': 2, 'invalid-date': 1 },
    });
    expect(records).toEqual(rejects);
  });

  it.each([
    [{ reason: 'invalid-number' }, [1, 9]],
    [{ limit: 2 }, [1, 4]],
    [{ reason: 'invalid-number', limit: 1 }, [1]],
    [{ reason: 'no-such-reason' }, []],
  ])('applies %j', async (filter, lines) => {
    // Arrange
    const described = description(3);

    // Act
    const found = await readStageRejects(s3.client, described, dataPlaceOf(described), {
      step: 'ETLStage',
      ...filter,
    });

    // Assert
    expect((await collect(found.records)).map((r) => r.line)).toEqual(lines);
  });

  it('reads nothing for a step that rejected no records', async () => {
    // Arrange
    const described = description(3);

    // Act
    const found = await readStageRejects(s3.client, described, dataPlaceOf(described), {
      step: 'ScoreStage',
    });

    // Assert
    expect(found.rejected).toBe(0);
    expect(found.rejectedBy).toEqual({});
    expect(await collect(found.records)).toEqual([]);
  });

  it('names --step and the known steps for an unknown step', async () => {
    // Arrange
    const described = description(3);

    // Act
    const read = readStageRejects(s3.client, described, dataPlaceOf(described), { step: 'Nope' });

    // Assert
    await expect(read).rejects.toThrow(RunnerUsageError);
    await expect(read).rejects.toThrow('--step "Nope" is not a step of realtime');
  });
});

describe('readStageRejects after a retry that set nothing aside', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3.stop());

  /** CheckStage as two attempts run it: the first keeps what it drops, the retry only counts. */
  const attempt = (keeps: boolean): StageDefinition =>
    defineStage({
      name: 'CheckStage',
      async *transform(records, ctx) {
        for await (const record of records) {
          if (typeof record.n !== 'number') ctx.reject('not-a-number', { record });
          else if (record.n % 2 === 1) ctx.filter('odd', keeps ? { record } : { count: 1 });
          else yield record;
        }
      },
    });

  it('shows no rejects and no filtered records from the earlier attempt', async () => {
    // Arrange
    const deps = {
      s3: s3.client,
      location: { bucket: TEST_BUCKET, keyPrefix: PREFIX },
      logger: createLogger({ level: 'silent' }),
    };
    const event = (key: string) => ({
      executionId: 'retried',
      workflow: 'realtime',
      input: { bucket: TEST_BUCKET, key },
    });
    await s3.put('in/first.json', '{"n":"x"}\n{"n":1}\n');
    await s3.put('in/retry.json', '{"n":3}\n{"n":4}\n');
    const first = await runStage(attempt(true), event('in/first.json'), deps);
    const retry = await runStage(attempt(false), event('in/retry.json'), deps);
    const described: ExecutionDescription = {
      executionId: 'retried',
      workflow: 'realtime',
      target: 'local',
      status: 'SUCCEEDED',
      startedAt: retry.startedAt,
      stages: [
        {
          name: 'CheckStage',
          status: 'SUCCEEDED',
          retries: 1,
          rejected: retry.rejected,
          filtered: retry.filtered,
          output: `s3://${TEST_BUCKET}/${retry.key}`,
        },
      ],
    };
    const read = (filtered: boolean) =>
      readStageRejects(s3.client, described, dataPlaceOf(described), {
        step: 'CheckStage',
        filtered,
      });

    // Act
    const rejects = await read(false);
    const filtered = await read(true);

    // Assert
    expect(first).toMatchObject({ rejected: 1, filtered: 1 });
    expect(await s3.exists(first.rejectsKey)).toBe(true);
    expect(rejects).toMatchObject({ rejected: 0, filtered: 1, filteredBy: { odd: 1 } });
    expect(await collect(rejects.records)).toEqual([]);
    expect(await collect(filtered.records)).toEqual([]);
  });
});
