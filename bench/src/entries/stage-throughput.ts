import { createLogger, defineStage, runStage, writeJsonLines } from '@ceap/core';
import { candidates, withEmbeddedS3 } from '../embedded.js';
import { type Benchmark, entry, interleavedRounds } from '../harness.js';
import { rawPass } from '../raw-pass.js';

const BUCKET = 'bench-stage';

const identityStage = defineStage({
  name: 'IdentityStage',
  async *transform(records) {
    yield* records;
  },
});

/**
 * One stage's throughput: `runStage` with an identity transform (parse and validate every
 * line, check the input's checksum, count, write the output with its own checksum, the
 * manifest entry) against a hand-written S3 stream that only splits, parses and serializes.
 */
export const stageThroughput: Benchmark = {
  name: 'stageThroughput',
  run: ({ quick, rounds }) =>
    withEmbeddedS3(BUCKET, async (s3) => {
      const records = quick ? 20_000 : 200_000;
      const input = { bucket: BUCKET, key: 'input/records.json' };
      const written = await writeJsonLines(s3.client, input, candidates(records));
      const logger = createLogger({ level: 'silent' });
      const handWritten = () => rawPass(s3.client, BUCKET, input.key, 'raw/parsed.json');
      let run = 0;
      const stage = () =>
        runStage(
          identityStage,
          { executionId: `bench-${++run}`, workflow: 'bench', input: { ...input, ...written } },
          { s3: s3.client, location: { bucket: BUCKET }, logger, env: {} },
        );
      const [ceap, baseline] = (await interleavedRounds(rounds, [stage, handWritten])) as [
        number[],
        number[],
      ];
      const result = entry(
        {
          name: 'stageThroughput',
          description: `one identity stage over ${records.toLocaleString('en')} records (${(written.bytes / 1048576).toFixed(1)} MB)`,
          goal: 'at least 0.9x the hand-written speed (ratio ≤ 1.11)',
          detail: '',
        },
        { label: 'runStage', times: ceap },
        { label: 'hand-written split + parse + stringify + upload', times: baseline },
      );
      const perSecond = Math.round(records / (result.ceap.median / 1000));
      return {
        ...result,
        met: result.ratio.median <= 1 / 0.9,
        detail: `${perSecond.toLocaleString('en')} records/s through runStage`,
      };
    }),
};
