import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { etlStage, filterStage, scoreStage } from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, nextExecutionId, runOnly } from '../helpers/stage-runner.js';

/** 100,000 rows through three stages takes ~15 s alone; a busy 2-core machine needs room. */
const BUDGET_MS = 180_000;

const BATCH = join(__dirname, '..', '..', '..', '..', 'examples', 'batch');

describe('the shipped batch sample (~100,000 CSV rows) through ETL, Filter and Score', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it(
    'reads every file under incoming/dt={logicalDate}/ and keeps every row accounted for',
    async () => {
      // Arrange
      const files = readdirSync(BATCH).filter((name) => name.endsWith('.csv'));
      for (const name of files)
        await s3.put(`incoming/dt=2026-03-11/${name}`, readFileSync(join(BATCH, name)));
      const executionId = nextExecutionId('batch-sample');

      // Act
      const etl = await runOnly(s3, etlStage, {
        executionId,
        input: { logicalDate: '2026-03-11' },
      });
      const filter = await runOnly(s3, filterStage, { executionId, input: etl });
      const score = await runOnly(s3, scoreStage, { executionId, input: filter });

      // Assert
      for (const result of [etl, filter, score]) expectBalanced(result);
      expect(etl.metrics.inputObjects).toBe(4);
      expect(etl.received).toBe(100_000); // the generator's default row count
      expect(etl.rejectedBy['csv-column-count']).toBeGreaterThan(0);
      expect(filter.filteredBy.duplicate).toBeGreaterThan(1000);
      expect(filter.received).toBe(etl.records);
      expect(score.received).toBe(filter.records);
      expect(score.records).toBe(filter.records);
    },
    BUDGET_MS,
  );
});
