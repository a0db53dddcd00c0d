import { gzipSync } from 'node:zlib';
import { createEtlStage } from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, runAndRead } from '../helpers/stage-runner.js';

const LIMIT = 400;
const VALID = { customer_id: 'c-1', email: 'a@example.com', updated_at: '2026-03-10T10:00:00Z' };
/** Padded with spaces, the line is over the limit; serialized again, the record is not. */
const PADDED = `{"customer_id": "c-2",${' '.repeat(LIMIT)}"updated_at": "2026-03-10"}`;

describe('ETLStage measures a record by its line in the source', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it.each([
    ['plain JSON Lines', 'size/padded.jsonl', (text: string) => text],
    ['gzipped JSON Lines', 'size/padded.jsonl.gz', (text: string) => gzipSync(text)],
  ])('%s: a line over maxRecordBytes is record-too-large', async (_label, key, encode) => {
    // Arrange
    expect(Buffer.byteLength(JSON.stringify(JSON.parse(PADDED)))).toBeLessThan(LIMIT);
    await s3.put(key, encode(`${JSON.stringify(VALID)}\n${PADDED}\n`));
    // Act
    const { result, records, rejects } = await runAndRead(
      s3,
      createEtlStage({ maxRecordBytes: LIMIT }),
      { input: { source: { key } } },
    );
    // Assert
    expect(records.map((r) => r.customerId)).toEqual(['c-1']);
    expect(result.rejectedBy).toEqual({ 'record-too-large': 1 });
    expect(rejects[0]).toMatchObject({
      reason: 'record-too-large',
      source: expect.stringContaining(key),
    });
    expect(String(rejects[0]?.message)).toMatch(
      new RegExp(`record has ${Buffer.byteLength(PADDED)} bytes; the limit is ${LIMIT}`),
    );
    expectBalanced(result);
  });

  it('a CSV row is measured by its fields and delimiters, not its size as JSON', async () => {
    // Arrange
    const atLimit = `c-3,2026-03-10,${'n'.repeat(LIMIT)}`;
    const overLimit = `c-4,2026-03-10,${'n'.repeat(LIMIT + 1)}`;
    await s3.put('size/rows.csv', `customer_id,updated_at,notes\n${atLimit}\n${overLimit}\n`);
    // Act
    const { result, records } = await runAndRead(
      s3,
      createEtlStage({ maxRecordBytes: Buffer.byteLength(atLimit) }),
      { input: { source: { key: 'size/rows.csv' } } },
    );
    // Assert
    expect(records.map((r) => r.customerId)).toEqual(['c-3']);
    expect(result.rejectedBy).toEqual({ 'record-too-large': 1 });
    expectBalanced(result);
  });
});
