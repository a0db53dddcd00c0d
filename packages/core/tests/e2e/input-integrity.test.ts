import { runStage, StageErrorName, type StageResult } from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

/** Forty even records: the upstream output every case below damages in its own way. */
const LINES = Array.from({ length: 40 }, (_, i) => `{"n":${i * 2},"pad":"${'x'.repeat(i)}"}`);

describe('a stage reads exactly what its upstream wrote, or fails to be retried', () => {
  let s3: TestS3;
  let upstream: StageResult;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });
  beforeEach(async () => {
    await s3.put('in/source.json', `${LINES.join('\n')}\n`);
    upstream = await runStage(
      evenStage,
      {
        executionId: 'integrity-1',
        step: 'Upstream',
        input: { bucket: TEST_BUCKET, key: 'in/source.json' },
      },
      stageDeps(s3),
    );
  });

  const runDownstream = () =>
    runStage(
      evenStage,
      { executionId: 'integrity-1', step: 'Downstream', input: upstream },
      stageDeps(s3),
    );

  it('reads an intact upstream output and checks it silently', async () => {
    // Arrange / Act
    const result = await runDownstream();
    // Assert
    expect(upstream.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.received).toBe(upstream.records);
  });

  it.each([
    [
      'cut at a line break',
      (text: string) => text.slice(0, text.indexOf('\n', text.length / 2) + 1),
    ],
    ['cut inside a line', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['one byte changed, same length', (text: string) => text.replace('"n":8,', '"n":6,')],
    ['a line added', (text: string) => `${text}{"n":100}\n`],
  ])('refuses an upstream output %s, with a retryable error', async (_label, damage) => {
    // Arrange
    const text = await s3.getText(upstream.key);
    await s3.put(upstream.key, damage(text));
    // Act
    const run = runDownstream();
    // Assert
    await expect(run).rejects.toMatchObject({ name: StageErrorName.Retryable });
    await expect(run).rejects.toThrow(
      new RegExp(`its writer recorded ${upstream.records} records, ${upstream.bytes} bytes`),
    );
  });

  it('ignores a writer’s _temporary folder and markers beside the parts', async () => {
    // Arrange
    const folder = 'executions/integrity-2/Spark/output.json';
    await s3.put(`${folder}/part-00000.json`, '{"n":2}\n');
    await s3.put(`${folder}/_temporary/0/task_1/part-00001.json`, '{"n":4}\n');
    await s3.put(`${folder}/.part-00000.json.crc`, 'crc');
    await s3.put(`${folder}/_SUCCESS`, '');
    // Act
    const result = await runStage(
      evenStage,
      { executionId: 'integrity-2', input: { bucket: TEST_BUCKET, key: folder, jobRun: {} } },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({ received: 1, records: 1 });
  });

  it('refuses a Glue job’s folder output that has no _SUCCESS marker yet', async () => {
    // Arrange
    const folder = 'executions/integrity-3/Spark/output.json';
    await s3.put(`${folder}/part-00000.json`, '{"n":2}\n');
    // Act
    const run = runStage(
      evenStage,
      { executionId: 'integrity-3', input: { bucket: TEST_BUCKET, key: folder, jobRun: {} } },
      stageDeps(s3),
    );
    // Assert
    await expect(run).rejects.toMatchObject({ name: StageErrorName.Retryable });
    await expect(run).rejects.toThrow('has no _SUCCESS marker: its writer has not finished');
  });
});
