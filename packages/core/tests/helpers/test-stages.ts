import { defineStage, type StageDependencies } from '../../src/index.js';
import { createLogger } from '../../src/logger.js';
import { TEST_BUCKET, type TestS3 } from './embedded-s3.js';

/** A silent logger, so test output stays readable. */
export const quietLogger = createLogger({ level: 'silent' });

export function stageDeps(
  s3: TestS3,
  overrides: Partial<StageDependencies> = {},
): StageDependencies {
  return {
    s3: s3.client,
    location: { bucket: TEST_BUCKET },
    logger: quietLogger,
    env: {},
    ...overrides,
  };
}

/** Keeps records with a numeric `n`, drops odd ones on purpose, rejects the rest. */
export const evenStage = defineStage({
  name: 'EvenStage',
  async *transform(records, ctx) {
    for await (const record of records) {
      if (typeof record.n !== 'number') {
        ctx.reject('n-not-a-number', { record, field: 'n', message: 'n must be a number' });
      } else if (record.n % 2 === 1) {
        ctx.filter('odd', { record });
      } else {
        yield { ...record, even: true };
      }
    }
  },
});
