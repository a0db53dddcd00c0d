import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunManifest, readManifest } from '@ceap/core';
import { createLocalGlueExecutor, type HeavyEtlJobArguments } from '../../src/index.js';
import { silentLogger, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';

interface StageResultVector {
  readonly name: string;
  readonly keyPrefix: string;
  readonly arguments: HeavyEtlJobArguments;
  readonly inputLines: string[];
  /** The single `_manifest.json` an earlier version of the Glue job wrote, or null. */
  readonly legacyManifest: RunManifest | null;
  readonly expected: {
    readonly stageResult: Record<string, unknown>;
    /** The step's own manifest object, which the Python job writes too. */
    readonly manifestEntryKey: string;
    readonly manifest: Record<string, unknown>;
  };
}

const vectors = JSON.parse(
  readFileSync(join(__dirname, '..', 'vectors', 'stage-result-vectors.json'), 'utf8'),
) as { cases: StageResultVector[] };

/** What differs from run to run: the timings, and the figures only the local run reports. */
const TIMINGS = ['startedAt', 'durationMs'];

/** A result's fields without its timings, and its metrics reduced to those the vector names. */
function comparable(result: Record<string, unknown>, metricNames: string[]) {
  const kept = Object.fromEntries(Object.entries(result).filter(([key]) => !TIMINGS.includes(key)));
  const metrics = (result.metrics ?? {}) as Record<string, unknown>;
  return {
    ...kept,
    metrics: Object.fromEntries(metricNames.map((name) => [name, metrics[name]])),
  };
}

describe('shared StageResult and manifest vectors through runStage (the local Glue executor)', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startTestS3();
  });

  afterAll(async () => {
    await s3.stop();
  });

  it.each(vectors.cases.map((vector) => [vector.name, vector] as const))(
    '%s',
    async (_name, vector) => {
      // Arrange
      const args = vector.arguments;
      const expected = vector.expected.stageResult;
      const executionPrefix = expected.executionPrefix as string;
      await s3.put(args['--inputKey'], `${vector.inputLines.join('\n')}\n`);
      if (vector.legacyManifest !== null) {
        await s3.put(`${executionPrefix}/_manifest.json`, JSON.stringify(vector.legacyManifest));
      }
      const glue = createLocalGlueExecutor({
        s3: s3.client,
        location: { bucket: TEST_BUCKET, keyPrefix: vector.keyPrefix },
        logger: silentLogger,
      });
      const metricNames = Object.keys(expected.metrics as object);

      // Act
      const { result } = await glue.run(args);
      const entry = JSON.parse(await s3.getText(vector.expected.manifestEntryKey));
      const manifest = await readManifest(
        s3.client,
        TEST_BUCKET,
        args['--executionId'],
        vector.keyPrefix,
      );

      // Assert
      const produced = result as unknown as Record<string, unknown>;
      expect(Object.keys(produced).sort()).toEqual(Object.keys(expected).sort());
      expect(comparable(produced, metricNames)).toEqual(comparable(expected, metricNames));
      const { stages, updatedAt, ...header } = manifest as RunManifest;
      const {
        stages: expectedStages,
        updatedAt: _,
        ...expectedHeader
      } = vector.expected.manifest as unknown as RunManifest;
      expect(typeof updatedAt).toBe('string');
      expect(header).toEqual(expectedHeader);
      expect(Object.keys(stages).sort()).toEqual(Object.keys(expectedStages).sort());
      const others = Object.entries(expectedStages).filter(([stage]) => stage !== result.stage);
      for (const [stage, entry] of others) expect(stages[stage]).toEqual(entry);
      expect(comparable(stages[result.stage] as never, metricNames)).toEqual(
        comparable(expectedStages[result.stage] as never, metricNames),
      );
      expect(stages[result.stage]).toEqual(result);
      expect(entry).toEqual(result);
    },
  );
});
