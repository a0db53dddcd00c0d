import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { StageErrorName } from '@ceap/core';
import {
  ExecutionInputTooLargeError,
  etlStage,
  filterStage,
  InvalidExecutionInputError,
  MAX_STATE_PAYLOAD_BYTES,
} from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, nextExecutionId, runAndRead, runOnly } from '../helpers/stage-runner.js';

/**
 * Bad-input classes in values and in the execution input, through the real stages: look-alike
 * customer ids, ambiguous dates, an input that names another bucket or the whole bucket, and
 * inline records over Step Functions' 256 KiB.
 */

const candidate = (customerId: string, updatedAt: string) => ({
  customer_id: customerId,
  email: 'someone@example.com',
  opt_in: 'yes',
  country: 'US',
  updated_at: updatedAt,
});

describe('bad-input classes in values and execution inputs', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('dedupes NFC/NFD spellings and full-width look-alikes as one customer (NFKC)', async () => {
    // Arrange
    const records = [
      candidate('C1', '2026-03-01'),
      candidate('Ｃ１', '2026-03-05'),
      candidate('\u00e9-1', '2026-03-01'),
      candidate('e\u0301-1', '2026-03-02'),
      candidate('ｅ\u0301-1', '2026-03-03'),
    ];
    const executionId = nextExecutionId('nfkc');

    // Act
    const etl = await runAndRead(s3, etlStage, { executionId, input: { records } });
    const filter = await runAndRead(s3, filterStage, { executionId, input: etl.result });

    // Assert
    expect(etl.records.map((r) => r.customerId)).toEqual(['C1', 'C1', 'é-1', 'é-1', 'é-1']);
    expect(filter.records.map((r) => [r.customerId, r.updatedAt])).toEqual([
      ['C1', '2026-03-05T00:00:00.000Z'],
      ['é-1', '2026-03-03T00:00:00.000Z'],
    ]);
    expect(filter.result.filteredBy).toEqual({ duplicate: 3 });
    expectBalanced(etl.result);
    expectBalanced(filter.result);
  });

  it.each([
    ['03/11/26', /2-digit year, which is ambiguous/],
    ['3/11/26 10:00', /2-digit year/],
    ['26-03-11', /2-digit year/],
    ['11.03.26', /2-digit year/],
  ])('rejects the 2-digit-year date %s as invalid-date', async (date, message) => {
    // Arrange
    const input = { records: [candidate('c-1', date), candidate('c-2', '2026-03-11')] };

    // Act
    const { result, rejects } = await runAndRead(s3, etlStage, { input });

    // Assert
    expect(result).toMatchObject({ received: 2, records: 1, rejectedBy: { 'invalid-date': 1 } });
    expect(rejects[0]).toMatchObject({
      field: 'updatedAt',
      message: expect.stringMatching(message),
    });
    expectBalanced(result);
  });

  it.each([
    ['2026-03-08T02:30:00', '2026-03-08T02:30:00.000Z', 'the US spring-forward gap'],
    ['2026-03-29 02:30', '2026-03-29T02:30:00.000Z', 'the EU spring-forward gap'],
    ['2026-11-01T01:30:00', '2026-11-01T01:30:00.000Z', 'the US fall-back hour (ambiguous)'],
    ['03/08/2026 02:30', '2026-03-08T02:30:00.000Z', 'a US date in the gap'],
  ])('reads the zone-less local time %s (%s) as UTC', async (date, iso) => {
    // Arrange
    const input = { records: [candidate('c-1', date)] };

    // Act
    const { result, records } = await runAndRead(s3, etlStage, { input });

    // Assert
    expect(records.map((r) => r.updatedAt)).toEqual([iso]);
    expect(result).toMatchObject({ received: 1, records: 1, rejected: 0 });
  });

  it.each([
    [{ source: { bucket: 'someone-elses-bucket', key: 'x.csv' } }, 'input.source.bucket'],
    [{ source: { bucket: 'someone-elses-bucket' } }, 'input.source.bucket'],
    [[{ logicalDate: '2026-03-11', source: { bucket: 'other-bucket' } }], 'input[0].source.bucket'],
    [{ source: { prefix: '' } }, 'input.source.prefix'],
    [{ source: { prefix: '/' } }, 'input.source.prefix'],
    [[{ source: { prefix: '' } }], 'input[0].source.prefix'],
  ])('refuses the hostile execution input %j before any read', async (input, field) => {
    // Arrange
    const send = jest.spyOn(s3.client, 'send');

    // Act
    const run = runOnly(s3, etlStage, { input });

    // Assert
    await expect(run).rejects.toBeInstanceOf(InvalidExecutionInputError);
    await expect(run).rejects.toMatchObject({ name: StageErrorName.Fatal, field });
    const reads = send.mock.calls.filter(
      ([command]) =>
        command instanceof ListObjectsV2Command ||
        (command as { input?: { Bucket?: string } }).input?.Bucket !== TEST_BUCKET,
    );
    expect(reads).toEqual([]);
  });

  it.each([
    ['a message', (records: unknown[]) => ({ records })],
    ['a pipe batch', (records: unknown[]) => [{ records: records.slice(0, 1) }, { records }]],
  ])('refuses inline records over 256 KiB in %s, naming the way out', async (_label, shape) => {
    // Arrange
    const records = Array.from({ length: 2500 }, (_, i) =>
      candidate(`c-${i}`, '2026-03-11T00:00:00Z'),
    );
    const input = shape(records);

    // Act
    const run = runOnly(s3, etlStage, { input });

    // Assert
    expect(Buffer.byteLength(JSON.stringify(input))).toBeGreaterThan(MAX_STATE_PAYLOAD_BYTES);
    await expect(run).rejects.toBeInstanceOf(ExecutionInputTooLargeError);
    await expect(run).rejects.toMatchObject({
      name: StageErrorName.Fatal,
      field: 'input.records',
      message: expect.stringMatching(/limit is 262144.*records in S3.*"source"/),
    });
  });

  it('reads the same records in full when they are put in S3 and passed as source', async () => {
    // Arrange
    const records = Array.from({ length: 2500 }, (_, i) =>
      candidate(`c-${i}`, '2026-03-11T00:00:00Z'),
    );
    await s3.putRecords('incoming/claim-check/records.jsonl', records);

    // Act
    const { result } = await runAndRead(s3, etlStage, {
      input: { source: { key: 'incoming/claim-check/records.jsonl' } },
    });

    // Assert
    expect(result).toMatchObject({ received: 2500, records: 2500, rejected: 0 });
    expectBalanced(result);
  });
});
