import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { EmbeddedS3 } from '@ceap/core/embedded-s3';
import { withEmbeddedS3 } from '../embedded.js';
import { type Benchmark, entry, interleavedRounds } from '../harness.js';

const BUCKET = 'bench-list';
const STEPS = ['ETLStage', 'FilterStage'];
const LISTS_PER_ROUND = 50;
const GOAL_RATIO = 1.5;

/**
 * LIST of one execution's keys on the embedded S3 server holding many executions, against the
 * same LIST on a server holding only that execution: whether LIST cost stays flat as runs pile
 * up in the local S3 folder.
 */
export const s3List: Benchmark = {
  name: 's3List',
  run: ({ quick, rounds }) => {
    const executions = quick ? 100 : 10_000;
    return withEmbeddedS3(BUCKET, (crowded, crowdedFolder) =>
      withEmbeddedS3(BUCKET, async (alone, aloneFolder) => {
        storeExecutions(crowdedFolder, executions);
        storeExecutions(aloneFolder, 1);
        const [crowdedTimes, aloneTimes] = (await interleavedRounds(rounds, [
          () => listOneExecution(crowded),
          () => listOneExecution(alone),
        ])) as [number[], number[]];
        const result = entry(
          {
            name: 's3List',
            description: `${LISTS_PER_ROUND} LISTs of one execution's keys`,
            goal: `at most ${GOAL_RATIO}x the LIST with one execution stored (flat)`,
            detail: '',
          },
          {
            label: `${executions.toLocaleString('en')} executions stored`,
            times: crowdedTimes,
          },
          { label: '1 execution stored', times: aloneTimes },
        );
        const perList = (result.ceap.median / LISTS_PER_ROUND).toFixed(2);
        return {
          ...result,
          met: result.ratio.median <= GOAL_RATIO,
          detail: `${perList} ms per LIST among ${executions.toLocaleString('en')} executions`,
        };
      }),
    );
  },
};

async function listOneExecution(s3: EmbeddedS3): Promise<void> {
  for (let i = 0; i < LISTS_PER_ROUND; i++) {
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `executions/${executionId(0)}/` }),
    );
    if (page.KeyCount !== STEPS.length) throw new Error(`LIST found ${page.KeyCount} keys`);
  }
}

/**
 * Writes the executions' objects straight into the server's folder, in s3rver's layout (the
 * server adds each object's checksum file on first read): ten thousand PUTs would take the
 * bench minutes of set-up.
 */
function storeExecutions(directory: string, count: number): void {
  for (let n = 0; n < count; n++) {
    for (const step of STEPS) {
      const folder = join(directory, BUCKET, 'executions', executionId(n), step);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'output.json._S3rver_object'), '{"n":1}\n');
    }
  }
}

function executionId(n: number): string {
  return `bench-${String(n).padStart(6, '0')}`;
}
