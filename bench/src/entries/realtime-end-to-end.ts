import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createLogger, ensurePromiseWithResolvers, writeJsonLines } from '@ceap/core';
import { createLocalEngine } from '@ceap/runner/local';
import { realtimeWorkflow, STAGES } from '@ceap/stages';
import { withEmbeddedS3 } from '../embedded.js';
import { type Benchmark, entry, interleavedRounds } from '../harness.js';
import { largeInput } from '../large-input.js';

const BUCKET = 'bench-realtime';
const LOGICAL_DATE = '2026-11-21';
const INPUT_KEY = `incoming/dt=${LOGICAL_DATE}/candidates.jsonl`;
/** One copy per step of the realtime workflow. */
const COPIES = 5;
const GOAL_RATIO = 1.5;

/**
 * The realtime workflow (ETL → Filter → Score → Store → Reactive, the shipped stages) over about
 * 10 MB of candidates in S3, through ceap's local engine, against copying the same bytes five
 * times through the process (GET, then a multipart PUT), once per step, on the same server:
 * what any chain of five S3-to-S3 steps must move.
 */
export const realtimeEndToEnd: Benchmark = {
  name: 'realtimeEndToEnd',
  run: ({ quick, rounds }) =>
    withEmbeddedS3(BUCKET, async (s3) => {
      ensurePromiseWithResolvers();
      const input = largeInput(quick ? 1e6 : 10e6);
      const written = await writeJsonLines(
        s3.client,
        { bucket: BUCKET, key: INPUT_KEY },
        input.generate(),
      );
      const engine = createLocalEngine({
        stages: STAGES,
        s3: s3.client,
        location: { bucket: BUCKET },
        logger: createLogger({ level: 'silent' }),
        env: {},
      });
      let sequence = 0;
      const ceap = async () => {
        const run = engine.run({
          workflow: realtimeWorkflow,
          executionId: `bench-realtime-${sequence++}`,
          input: { logicalDate: LOGICAL_DATE, source: { key: INPUT_KEY } },
        });
        const outcome = await run.outcome;
        if (outcome.status !== 'SUCCEEDED')
          throw new Error(`bench run ${outcome.status}: ${outcome.cause}`);
      };
      const copies = async () => {
        let from = INPUT_KEY;
        for (let copy = 1; copy <= COPIES; copy++) {
          const to = `raw/copy-${copy}.jsonl`;
          const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: from }));
          await new Upload({
            client: s3.client,
            params: { Bucket: BUCKET, Key: to, Body: Readable.from(object.Body as Readable) },
            partSize: 8 * 1024 * 1024,
            queueSize: 2,
          }).done();
          from = to;
        }
      };
      const [ceapTimes, copyTimes] = (await interleavedRounds(quick ? 2 : rounds, [
        ceap,
        copies,
      ])) as [number[], number[]];
      const size = `${(written.bytes / 1e6).toFixed(1)} MB, ${input.records.toLocaleString('en')} records`;
      const result = entry(
        {
          name: 'realtimeEndToEnd',
          description: `the realtime workflow over ${size} in S3`,
          goal: `at most ${GOAL_RATIO}x the raw copies`,
          detail: '',
        },
        { label: 'ceap local engine, realtime workflow, shipped stages', times: ceapTimes },
        {
          label: `${COPIES} chained S3 copies (GET + multipart PUT) of the same bytes`,
          times: copyTimes,
        },
      );
      const perSecond = Math.round(input.records / (result.ceap.median / 1000));
      return {
        ...result,
        met: result.ratio.median <= GOAL_RATIO,
        detail: `${size}; ${perSecond.toLocaleString('en')} records/s end to end`,
      };
    }),
};
