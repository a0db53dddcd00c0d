import { readManifest, runStage } from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

describe('runStage with testRun: a test run beside the step, as ceap run-step makes it', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const pointerTo = async (key: string, lines: string) => {
    await s3.put(key, lines);
    return { bucket: TEST_BUCKET, key, logicalDate: '2026-11-21', status: 'SUCCEEDED' };
  };

  it('writes output, rejects and filtered records under test-{n} and leaves the manifest entry alone', async () => {
    // Arrange
    const input = await pointerTo('in/test-run.json', '{"n":2}\n{"n":3}\n{"n":"x"}\n');
    const event = { executionId: 'tr-1', step: 'Even', input };
    const real = await runStage(evenStage, event, stageDeps(s3));
    // Act
    const test = await runStage(evenStage, { ...event, testRun: 2 }, stageDeps(s3));
    // Assert
    expect(test).toMatchObject({
      key: 'executions/tr-1/Even/test-2/output.json',
      rejectsKey: 'executions/tr-1/Even/test-2/rejects.json',
      received: 3,
      records: 1,
      rejected: 1,
      filtered: 1,
    });
    expect(await s3.readRecords('executions/tr-1/Even/test-2/filtered.json')).toHaveLength(1);
    expect(await s3.readRecords(real.key)).toEqual(await s3.readRecords(test.key));
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'tr-1');
    expect(manifest?.stages.Even).toEqual(real);
  });

  it('writes a Map iteration as one part of the test folder', async () => {
    // Arrange
    const input = await pointerTo('in/test-run-part.json', '{"n":4}\n');
    // Act
    const test = await runStage(
      evenStage,
      { executionId: 'tr-2', step: 'EvenEach', part: 3, testRun: 1, input },
      stageDeps(s3),
    );
    // Assert
    expect(test.key).toBe('executions/tr-2/EvenEach/test-1/output.json/part-00003.json');
    expect(await readManifest(s3.client, TEST_BUCKET, 'tr-2')).toBeUndefined();
  });

  it.each([0, -2, 1.5, '1'])('refuses a testRun of %p', async (testRun) => {
    // Arrange
    const input = await pointerTo('in/bad-test-run.json', '{"n":2}\n');
    const event = { executionId: 'tr-bad', input, testRun: testRun as number };
    // Act
    const run = runStage(evenStage, event, stageDeps(s3));
    // Assert
    await expect(run).rejects.toThrow('event.testRun must be a whole number of 1 or more');
  });
});
