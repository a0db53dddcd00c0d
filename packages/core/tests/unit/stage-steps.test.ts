import { readManifest, runStage } from '../../src/index.js';
import { STAGE_RESULT_FIELDS } from '../../src/stage/stage-contract.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

describe('runStage as a workflow step: named steps, Map parts and joins', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const pointerTo = async (key: string, lines: string) => {
    await s3.put(key, lines);
    return { bucket: TEST_BUCKET, key, logicalDate: '2026-11-21', status: 'SUCCEEDED' };
  };

  it('writes under the step name, so two steps can run one stage', async () => {
    // Arrange
    const input = await pointerTo('in/steps.json', '{"n":2}\n{"n":4}\n');
    // Act
    const first = await runStage(
      evenStage,
      { executionId: 'steps-1', step: 'EvenA', input },
      stageDeps(s3),
    );
    const second = await runStage(
      evenStage,
      { executionId: 'steps-1', step: 'EvenB', input },
      stageDeps(s3),
    );
    // Assert
    expect(first).toMatchObject({ stage: 'EvenA', key: 'executions/steps-1/EvenA/output.json' });
    expect(second).toMatchObject({ stage: 'EvenB', key: 'executions/steps-1/EvenB/output.json' });
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'steps-1');
    expect(Object.keys(manifest?.stages ?? {}).sort()).toEqual(['EvenA', 'EvenB']);
  });

  it('keeps every entry when steps finish at the same moment', async () => {
    // Arrange
    const input = await pointerTo('in/parallel.json', '{"n":2}\n');
    const steps = ['A', 'B', 'C', 'D', 'E', 'F'];
    // Act
    await Promise.all(
      steps.map((step) =>
        runStage(evenStage, { executionId: 'parallel-1', step, input }, stageDeps(s3)),
      ),
    );
    // Assert
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'parallel-1');
    expect(Object.keys(manifest?.stages ?? {}).sort()).toEqual(steps);
  });

  it('writes a Map iteration as one part of the folder, and sums the parts in the manifest', async () => {
    // Arrange
    const parts = [
      await pointerTo('in/parts/part-00000.json', '{"n":2}\n{"n":3}\n'),
      await pointerTo('in/parts/part-00001.json', '{"n":4}\n{"n":"x"}\n{"n":6}\n'),
    ];
    // Act
    const results = await Promise.all(
      parts.map((input, part) =>
        runStage(evenStage, { executionId: 'map-1', step: 'EvenEach', part, input }, stageDeps(s3)),
      ),
    );
    // Assert
    expect(results.map((r) => r.key)).toEqual([
      'executions/map-1/EvenEach/output.json/part-00000.json',
      'executions/map-1/EvenEach/output.json/part-00001.json',
    ]);
    expect(await s3.readRecords('executions/map-1/EvenEach/output.json')).toHaveLength(3);
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'map-1');
    expect(manifest?.stages.EvenEach).toMatchObject({
      key: 'executions/map-1/EvenEach/output.json',
      received: 5,
      records: 3,
      rejected: 1,
      filtered: 1,
      metrics: { iterations: 2 },
    });
    expect(manifest?.parts?.EvenEach).toHaveLength(2);
  });

  it('joins the upstreams that succeeded, in order, and ignores the skipped', async () => {
    // Arrange
    const inputs = {
      Left: await pointerTo('in/left.json', '{"n":2}\n{"n":3}\n'),
      Skipped: { status: 'SKIPPED' },
      Right: await pointerTo('in/right.json', '{"n":8}\n'),
    };
    // Act
    const result = await runStage(
      evenStage,
      { executionId: 'join-1', step: 'Joined', inputs },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({
      received: 3,
      records: 2,
      filtered: 1,
      logicalDate: '2026-11-21',
    });
    expect(await s3.readRecords(result.key)).toEqual([
      { n: 2, even: true },
      { n: 8, even: true },
    ]);
  });

  it('merges the single manifest object that earlier Glue jobs wrote', async () => {
    // Arrange
    const input = await pointerTo('in/legacy.json', '{"n":2}\n');
    const ran = await runStage(evenStage, { executionId: 'legacy-1', input }, stageDeps(s3));
    const glueEntry = { ...ran, stage: 'HeavyETLStage', records: 7 };
    await s3.put(
      'executions/legacy-1/_manifest.json',
      JSON.stringify({ order: ['HeavyETLStage'], stages: { HeavyETLStage: glueEntry } }),
    );
    // Act
    const manifest = await readManifest(s3.client, TEST_BUCKET, 'legacy-1');
    // Assert
    expect(manifest?.stages.HeavyETLStage?.records).toBe(7);
    expect(manifest?.stages.EvenStage?.records).toBe(1);
  });

  it('returns exactly the fields the compiled state machine selects', async () => {
    // Arrange
    const input = await pointerTo('in/fields.json', '{"n":2}\n');
    // Act
    const result = await runStage(evenStage, { executionId: 'fields-1', input }, stageDeps(s3));
    // Assert
    expect(Object.keys(result).sort()).toEqual([...STAGE_RESULT_FIELDS].sort());
  });

  it.each([-1, 1.5, 100_000])('refuses a part index of %p', async (part) => {
    // Arrange
    const input = await pointerTo('in/bad-part.json', '{"n":2}\n');
    // Act
    const run = runStage(evenStage, { executionId: 'bad-part', part, input }, stageDeps(s3));
    // Assert
    await expect(run).rejects.toThrow('event.part must be a whole number from 0 to 99999');
  });
});
