import { createHash } from 'node:crypto';
import type { StageDefinition } from '@ceap/core';
import { reactiveStage, storeStage } from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, nextExecutionId, runOnly } from '../helpers/stage-runner.js';

/** Scored candidates as Score's output, in a spacing no serializer writes, so a copy shows. */
function scoredText(count: number): string {
  const lines = Array.from(
    { length: count },
    (_, n) =>
      `{ "customerId": "C${n}", "score": ${((n % 10) / 10).toFixed(2)}, "modelVersion": "m1" }`,
  );
  return `${lines.join('\n')}\n`;
}

function contentOf(text: string): { records: number; bytes: number; checksum: string } {
  const bytes = Buffer.from(text, 'utf8');
  const checksum = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { records: text.split('\n').length - 1, bytes: bytes.length, checksum };
}

describe.each([
  ['StoreStage', storeStage as StageDefinition<unknown>],
  ['ReactiveStage', reactiveStage as StageDefinition<unknown>],
])('%s, whose output is its input unchanged', (name, stage) => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('stores the scored records byte for byte, with the input’s counts and checksum', async () => {
    // Arrange
    const executionId = nextExecutionId(name);
    const key = `executions/${executionId}/ScoreStage/output.json`;
    const text = scoredText(500);
    await s3.put(key, text);
    const written = contentOf(text);
    // Act
    const result = await runOnly(s3, stage, {
      executionId,
      input: { bucket: TEST_BUCKET, key, logicalDate: '2026-03-11', ...written },
    });
    // Assert
    expect(await s3.getText(result.key)).toBe(text);
    expect(result).toMatchObject({
      key: `executions/${executionId}/${name}/output.json`,
      received: 500,
      records: 500,
      bytes: written.bytes,
      checksum: written.checksum,
    });
    expectBalanced(result);
  });

  it('writes only the scored records when it rejects one, and the counts balance', async () => {
    // Arrange
    const executionId = nextExecutionId(name);
    const key = `executions/${executionId}/ScoreStage/output.json`;
    const records = [
      { customerId: 'a', score: 0.9 },
      { customerId: 'b', score: 'high' },
      { customerId: 'c', score: 0.1 },
    ];
    await s3.putRecords(key, records);
    // Act
    const result = await runOnly(s3, stage, {
      executionId,
      input: { bucket: TEST_BUCKET, key, logicalDate: '2026-03-11' },
    });
    // Assert
    expect(result).toMatchObject({ received: 3, records: 2, rejected: 1 });
    expect(await s3.readRecords(result.key)).toEqual([records[0], records[2]]);
    expectBalanced(result);
  });
});
