import { StageErrorName } from '@ceap/core';
import { createQualityStage, QUALITY_REPORT_OBJECT, qualityStage } from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, runOnUpstreamOutput } from '../helpers/stage-runner.js';

const complete = (i: number) => ({
  customerId: `C${i}`,
  email: `c${i}@example.com`,
  country: 'IE',
  lastActivityAt: '2026-03-01T00:00:00.000Z',
});

describe('QualityStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('measures completeness, reports it, and passes no record on', async () => {
    // Arrange
    const records = [
      ...Array.from({ length: 9 }, (_, i) => complete(i)),
      { ...complete(9), email: '' },
    ];
    // Act
    const run = await runOnUpstreamOutput(s3, qualityStage, 'ETLStage', records);
    // Assert
    expectBalanced(run.result);
    expect(run.result).toMatchObject({ received: 10, records: 0, filtered: 10 });
    expect(run.result.metrics['completeness.email']).toBe(0.9);
    expect(run.result.metrics['completeness.customerId']).toBe(1);
    const report = await s3.readRecords(
      `executions/${run.executionId}/QualityStage/${QUALITY_REPORT_OBJECT}`,
    );
    expect(report).toEqual([
      expect.objectContaining({
        inspected: 10,
        completeness: expect.objectContaining({ email: 0.9 }),
      }),
    ]);
  });

  it('fails the step, naming the field, below the bar', async () => {
    // Arrange
    const records = [complete(1), { ...complete(2), country: null }, { customerId: 'C3' }];
    // Act
    const run = runOnUpstreamOutput(
      s3,
      createQualityStage({ minCompleteness: 0.8 }),
      'ETLStage',
      records,
    );
    // Assert
    await expect(run).rejects.toMatchObject({ name: StageErrorName.Fatal });
    await expect(run).rejects.toThrow(/email is present in 66\.7%, country is present in 33\.3%/);
  });

  it('passes an empty batch', async () => {
    // Arrange / Act
    const run = await runOnUpstreamOutput(s3, qualityStage, 'ETLStage', []);
    // Assert
    expect(run.result).toMatchObject({ received: 0, filtered: 0, records: 0 });
  });

  it.each(['-0.1', '1.5', 'most'])('refuses CEAP_QUALITY_MIN_COMPLETENESS=%s', async (value) => {
    // Arrange / Act
    const run = runOnUpstreamOutput(s3, qualityStage, 'ETLStage', [complete(1)], {
      CEAP_QUALITY_MIN_COMPLETENESS: value,
    });
    // Assert
    await expect(run).rejects.toMatchObject({ name: StageErrorName.Configuration });
    await expect(run).rejects.toThrow('CEAP_QUALITY_MIN_COMPLETENESS must be a number from 0 to 1');
  });
});
