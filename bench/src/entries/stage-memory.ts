import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonLines } from '@ceap/core';
import { EMBEDDED_S3_CREDENTIALS } from '@ceap/core/embedded-s3';
import { bundleChild, runNode } from '../children/spawn-child.js';
import type { MemoryChildTask } from '../children/stage-memory-child.js';
import { withEmbeddedS3 } from '../embedded.js';
import { type BenchEntry, type Benchmark, entry } from '../harness.js';
import { largeInput } from '../large-input.js';

const BUCKET = 'bench-memory';
const INPUT_KEY = 'incoming/memory/records.jsonl';
const CHILD = join(__dirname, '..', 'children', 'stage-memory-child.ts');
/** Issue 16's bound on a stage's peak RSS at 1 GB of input, and on its ratio to a raw stream. */
const GOAL_MIB = 256;
const GOAL_RATIO = 1.3;
/**
 * Peak RSS of FilterStage (default rules, so dedupe on) and of ETLStage over a large input, each
 * in a child process of its own, against a child that streams the same object raw (GET, split,
 * parse, serialize, upload). The S3 server runs in the parent, so a child's figure is its own.
 */
export const stageMemory: Benchmark = {
  name: 'stageMemory',
  run: ({ quick, rounds }) =>
    withEmbeddedS3(BUCKET, async (s3) => {
      const input = largeInput(quick ? 10e6 : 1e9);
      const pointer = { bucket: BUCKET, key: INPUT_KEY };
      const written = await writeJsonLines(s3.client, pointer, input.generate());
      const directory = mkdtempSync(join(tmpdir(), 'ceap-bench-memory-'));
      const child = await bundleChild(CHILD, directory).catch((error: unknown) => {
        rmSync(directory, { recursive: true, force: true });
        throw error;
      });
      let run = 0;
      const peak = async (mode: MemoryChildTask['mode']) => {
        const task: MemoryChildTask = {
          mode,
          endpoint: s3.endpoint,
          credentials: EMBEDDED_S3_CREDENTIALS,
          bucket: BUCKET,
          executionId: `bench-memory-${++run}`,
          input:
            mode === 'FilterStage'
              ? { ...pointer, ...written }
              : mode === 'ETLStage'
                ? { source: { key: INPUT_KEY } }
                : INPUT_KEY,
        };
        const out = await runNode([child, JSON.stringify(task)]);
        return (JSON.parse(out) as { peakMiB: number }).peakMiB;
      };
      // The three children of a round run side by side: each one's peak RSS is its own, and
      // one after the other they took most of `pnpm bench`'s 15 minutes at 1 GB.
      const [filter, etl, raw]: [number[], number[], number[]] = [[], [], []];
      for (let round = 0; round < (quick ? Number(process.env.MEMROUNDS ?? 2) : rounds); round++) {
        const peaks = await Promise.all([peak('FilterStage'), peak('ETLStage'), peak('raw')]);
        filter.push(peaks[0]);
        etl.push(peaks[1]);
        raw.push(peaks[2]);
      }
      const size = `${(written.bytes / 1e9).toFixed(2)} GB, ${input.records.toLocaleString('en')} records`;
      return [
        memoryEntry('FilterStage', 'FilterStage (default rules, dedupe on)', filter, raw, size),
        memoryEntry('ETLStage', 'ETLStage (JSON Lines from S3)', etl, raw, size),
      ];
    }),
};

function memoryEntry(
  stage: string,
  label: string,
  ceap: number[],
  raw: number[],
  size: string,
): BenchEntry {
  const result = entry(
    {
      name: `stageMemory.${stage}`,
      description: `peak RSS of one stage over ${size}`,
      unit: 'MiB',
      goal: `≤ ${GOAL_MIB} MiB and ≤ ${GOAL_RATIO}x the raw stream`,
      detail: `peak RSS of a child process over ${size}`,
    },
    { label, times: ceap },
    { label: 'raw stream child (GET, split, parse, serialize, upload)', times: raw },
  );
  return {
    ...result,
    met: result.ceap.median <= GOAL_MIB && result.ratio.median <= GOAL_RATIO,
  };
}
