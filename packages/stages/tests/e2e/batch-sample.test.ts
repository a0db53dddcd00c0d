import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { etlStage, filterStage, scoreStage } from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, nextExecutionId, runAndRead } from '../helpers/stage-runner.js';

const BATCH = join(__dirname, '..', '..', '..', '..', 'examples', 'batch');

describe('the shipped batch sample (~100,000 CSV rows) through ETL, Filter and Score', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('reads every file under incoming/dt={logicalDate}/ and keeps every row accounted for', async () => {
    // Arrange
    const files = readdirSync(BATCH).filter((name) => name.endsWith('.csv'));
    for (const name of files)
      await s3.put(`incoming/dt=2026-03-11/${name}`, readFileSync(join(BATCH, name)));
    const executionId = nextExecutionId('batch-sample');

    // Act
    const etl = await runAndRead(s3, etlStage, {
      executionId,
      input: { logicalDate: '2026-03-11' },
    });
    const filter = await runAndRead(s3, filterStage, { executionId, input: etl.result });
    const score = await runAndRead(s3, scoreStage, { executionId, input: filter.result });

    // Assert
    for (const run of [etl, filter, score]) expectBalanced(run.result);
    expect(etl.result.metrics.inputObjects).toBe(4);
    expect(etl.result.received).toBe(100_000); // the generator's default row count
    expect(etl.result.rejectedBy['csv-column-count']).toBeGreaterThan(0);
    expect(filter.result.filteredBy.duplicate).toBeGreaterThan(1000);
    expect(score.result.records).toBe(filter.result.records);
  });
});
