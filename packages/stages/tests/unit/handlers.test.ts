import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EMBEDDED_S3_CREDENTIALS, type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';

type Handlers = typeof import('@ceap/stages/handlers');

/** Loads the handlers after the environment is set, as Lambda does on a cold start. */
function loadHandlers(): Handlers {
  return require('@ceap/stages/handlers') as Handlers;
}

describe('the Lambda handlers', () => {
  const bucket = 'ceap-handler-data';
  const saved = { ...process.env };
  let directory: string;
  let s3: EmbeddedS3;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ceap-handlers-'));
    s3 = await startEmbeddedS3({ directory, buckets: [bucket] });
    // What a Lambda function's environment holds; read when the handler module loads (cold start).
    Object.assign(process.env, {
      CEAP_S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: EMBEDDED_S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_S3_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('runs a stage from a StageEvent and reads its config per invocation', async () => {
    // Arrange
    const { scoreHandler } = loadHandlers();
    process.env.CEAP_DATA_BUCKET = bucket;
    const key = 'executions/handler-run-1/FilterStage/output.json';
    const record = { customerId: 'c-1', updatedAt: '2026-03-10T00:00:00.000Z', orderCount: 2 };
    await s3.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: Buffer.from(`${JSON.stringify(record)}\n`),
      }),
    );
    const event = {
      executionId: 'handler-run-1',
      workflow: 'realtime',
      input: { bucket, key, logicalDate: '2026-03-11' },
    };

    // Act
    process.env.CEAP_SCORE_MODEL = '{"version":"broken"}';
    const broken = scoreHandler(event);
    await expect(broken).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining('CEAP_SCORE_MODEL'),
    });
    delete process.env.CEAP_SCORE_MODEL;
    const result = await scoreHandler(event);

    // Assert
    expect(result).toMatchObject({
      stage: 'ScoreStage',
      records: 1,
      key: 'executions/handler-run-1/ScoreStage/output.json',
    });
  });

  it('fails with a ConfigurationError naming CEAP_DATA_BUCKET when it is not set', async () => {
    // Arrange
    const { etlHandler } = loadHandlers();
    delete process.env.CEAP_DATA_BUCKET;

    // Act
    const run = etlHandler({ executionId: 'handler-run-2', input: { records: [] } });

    // Assert
    await expect(run).rejects.toThrow(/CEAP_DATA_BUCKET/);
  });
});
