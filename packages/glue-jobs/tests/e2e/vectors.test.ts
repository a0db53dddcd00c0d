import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalGlueExecutor, type LocalGlueExecutor } from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { jobArguments } from '../helpers/job-arguments.js';

interface VectorCase {
  readonly name: string;
  readonly logicalDate: string;
  readonly input: Record<string, unknown>[];
  readonly expected: {
    readonly records: Record<string, unknown>[];
    readonly rejects: { reason: string; field?: string }[];
    readonly duplicates: number;
  };
}

const vectors = JSON.parse(
  readFileSync(join(__dirname, '..', 'vectors', 'heavy-etl-vectors.json'), 'utf8'),
) as {
  cases: VectorCase[];
};

describe('shared heavy-ETL vectors through the local Glue executor', () => {
  let s3: TestS3;
  let glue: LocalGlueExecutor;

  beforeAll(async () => {
    s3 = await startTestS3();
    glue = createLocalGlueExecutor({
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await s3.stop();
  });

  it.each(vectors.cases.map((vector, index) => [vector.name, index, vector] as const))(
    '%s',
    async (_name, index, vector) => {
      // Arrange
      const args = jobArguments(`vector-${index}`, vector.logicalDate);
      await s3.putRecords(args['--inputKey'], vector.input);

      // Act
      const run = await glue.run(args);

      // Assert
      const records = await s3.readRecords(args['--outputKey']);
      // A stage writes its rejects only once it rejects a record.
      const rejects = run.result.rejected === 0 ? [] : await s3.readRecords(run.result.rejectsKey);
      expect(records).toEqual(vector.expected.records);
      expect(rejects.map((reject) => ({ reason: reject.reason, field: reject.field }))).toEqual(
        vector.expected.rejects,
      );
      expect(run.result.filtered).toBe(vector.expected.duplicates);
      expect(run.result).toMatchObject({
        received: vector.input.length,
        records: vector.expected.records.length,
        rejected: vector.expected.rejects.length,
      });
    },
  );
});
