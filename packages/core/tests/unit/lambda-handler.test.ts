import { createStageHandler, StageEnv, StageErrorName } from '../../src/index.js';
import { parseLines, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, quietLogger } from '../helpers/test-stages.js';

describe('createStageHandler', () => {
  let s3: TestS3;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('runs the stage with the bucket and prefix from the environment', async () => {
    // Arrange
    process.env[StageEnv.DataBucket] = TEST_BUCKET;
    process.env[StageEnv.KeyPrefix] = 'lambda/';
    await s3.put('in/h.json', '{"n":2}\n{"n":3}\n');
    const handler = createStageHandler(evenStage, { s3: s3.client, logger: quietLogger });
    // Act
    const result = await handler({
      executionId: 'run-h',
      workflow: 'realtime',
      input: { bucket: TEST_BUCKET, key: 'in/h.json' },
    });
    // Assert
    expect(result).toMatchObject({
      key: 'lambda/executions/run-h/EvenStage/output.json',
      records: 1,
      filtered: 1,
    });
    expect(parseLines(await s3.getText(result.key))).toEqual([{ n: 2, even: true }]);
  });

  it('reads the bucket per invocation and names the variable when it is missing', async () => {
    // Arrange
    delete process.env[StageEnv.DataBucket];
    const handler = createStageHandler(evenStage, { s3: s3.client, logger: quietLogger });
    // Act
    const attempt = handler({
      executionId: 'run-h2',
      input: { bucket: TEST_BUCKET, key: 'in/h.json' },
    });
    // Assert
    await expect(attempt).rejects.toThrow(
      'CEAP_DATA_BUCKET must name the data bucket; it is not set',
    );
    await expect(
      handler({ executionId: 'run-h2', input: { bucket: TEST_BUCKET, key: 'in/h.json' } }),
    ).rejects.toHaveProperty('name', StageErrorName.Configuration);
  });
});
