import { runStageOn, type ScratchS3, startScratchS3 } from '../../src/testing/index.js';
import { evenStage } from '../helpers/test-stages.js';

describe('runStageOn (for users testing their stages)', () => {
  let s3: ScratchS3;
  beforeAll(async () => {
    s3 = await startScratchS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('runs one stage on the given lines and reads back its output, rejects and filtered records', async () => {
    // Act
    const run = await runStageOn(s3, evenStage, [{ n: 2 }, { n: 3 }, { n: 'x' }, 7, { n: 4 }]);
    // Assert
    expect(run.records).toEqual([
      { n: 2, even: true },
      { n: 4, even: true },
    ]);
    expect(run.rejects.map((reject) => reject.reason).sort()).toEqual([
      'n-not-a-number',
      'not-an-object',
    ]);
    expect(run.filtered).toEqual([{ reason: 'odd', record: { n: 3 } }]);
    expect(run.result.received).toBe(
      run.result.records + run.result.rejected + run.result.filtered,
    );
  });

  it('gives each call its own execution, so runs do not see each other', async () => {
    // Act
    const first = await runStageOn(s3, evenStage, [{ n: 2 }]);
    const second = await runStageOn(s3, evenStage, [{ n: 1 }]);
    // Assert
    expect(first.result.executionId).not.toBe(second.result.executionId);
    expect(second.records).toEqual([]);
    expect(second.rejects).toEqual([]);
  });
});
