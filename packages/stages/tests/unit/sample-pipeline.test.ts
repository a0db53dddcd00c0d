import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { etlStage, filterStage, scoreStage } from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, nextExecutionId, runAndRead } from '../helpers/stage-runner.js';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

describe('the shipped realtime sample through ETL, Filter and Score', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('keeps every record accounted for at each stage, with a realistic share of dirt', async () => {
    // Arrange
    const input = JSON.parse(readFileSync(join(EXAMPLES, 'realtime-input.json'), 'utf8')) as {
      records: unknown[];
    };
    const executionId = nextExecutionId('sample');

    // Act
    const etl = await runAndRead(s3, etlStage, { executionId, input });
    const filter = await runAndRead(s3, filterStage, { executionId, input: etl.result });
    const score = await runAndRead(s3, scoreStage, { executionId, input: filter.result });

    // Assert
    for (const run of [etl, filter, score]) expectBalanced(run.result);
    expect(etl.result.received).toBe(input.records.length);
    expect(filter.result.received).toBe(etl.result.records);
    expect(score.result.received).toBe(filter.result.records);
    expect(etl.result.rejected / etl.result.received).toBeGreaterThan(0.005);
    expect(etl.result.rejected / etl.result.received).toBeLessThan(0.1);
    for (const reason of [
      'missing-customer-id',
      'invalid-email',
      'not-opted-in',
      'country-not-allowed',
      'duplicate',
    ]) {
      expect(filter.result.filteredBy[reason]).toBeGreaterThan(0);
    }
    expect(score.result.records).toBeGreaterThan(input.records.length / 2);
    expect(new Set(score.records.map((r) => r.customerId)).size).toBe(score.records.length);
  });
});
