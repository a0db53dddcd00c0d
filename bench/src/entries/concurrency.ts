import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunnerClient, type ExecutionDescription, type RunnerClient } from '@ceap/runner';
import { candidate } from '../embedded.js';
import { type Benchmark, entry } from '../harness.js';

const RECORDS_PER_EXECUTION = 20;

/** What a batch of executions came to. */
interface Batch {
  readonly ms: number;
  readonly succeeded: number;
  readonly timedOut: number;
  readonly failed: number;
  /** Records that came into a step and left it neither as output, rejected nor filtered. */
  readonly lost: number;
}

/** One realtime execution of 20 candidates through the local target; never throws. */
async function runOne(client: RunnerClient, executionId: string, seed: number) {
  const records = Array.from({ length: RECORDS_PER_EXECUTION }, (_, i) => candidate(seed + i));
  try {
    const handle = await client.start({ workflow: 'realtime', executionId, input: { records } });
    return await handle.result();
  } catch (error) {
    const cause = (error as { cause?: { status?: string } }).cause;
    return { status: cause?.status ?? 'FAILED', stages: [] } as unknown as ExecutionDescription;
  }
}

function lostIn(description: ExecutionDescription): number {
  return description.stages.reduce(
    (sum, s) => sum + (s.received ?? 0) - (s.records ?? 0) - (s.rejected ?? 0) - (s.filtered ?? 0),
    0,
  );
}

function tally(ms: number, descriptions: readonly ExecutionDescription[]): Batch {
  const count = (status: string) => descriptions.filter((d) => d.status === status).length;
  return {
    ms,
    succeeded: count('SUCCEEDED'),
    timedOut: count('TIMED_OUT'),
    failed: descriptions.length - count('SUCCEEDED') - count('TIMED_OUT'),
    lost: descriptions.reduce((sum, d) => sum + lostIn(d), 0),
  };
}

/** `count` executions started together: the local target admits at most maxActive at once. */
async function together(client: RunnerClient, tag: string, count: number): Promise<Batch> {
  const started = performance.now();
  const descriptions = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      runOne(client, `${tag}-${i}`, i * RECORDS_PER_EXECUTION),
    ),
  );
  return tally(performance.now() - started, descriptions);
}

/** `count` executions one after the other. */
async function oneByOne(client: RunnerClient, tag: string, count: number): Promise<Batch> {
  const started = performance.now();
  const descriptions: ExecutionDescription[] = [];
  for (let i = 0; i < count; i++) {
    descriptions.push(await runOne(client, `${tag}-${i}`, i * RECORDS_PER_EXECUTION));
  }
  return tally(performance.now() - started, descriptions);
}

const perSecond = (count: number, ms: number) => ((count * 1000) / ms).toFixed(1);

/**
 * Many realtime executions (20 candidates each, the shipped stages, the embedded S3 server)
 * started at once through the local target's admission control, against a few run one after
 * the other; times are per execution. Reported: executions/s, and that none was lost, timed
 * out or failed.
 */
export const concurrency: Benchmark = {
  name: 'concurrency',
  run: async ({ quick }) => {
    const concurrent = quick ? 50 : 1000;
    const sequential = quick ? 10 : 20;
    const home = mkdtempSync(join(tmpdir(), 'ceap-bench-concurrency-'));
    const client = createRunnerClient({ local: { home, env: {}, logLevel: 'silent' } });
    const tag = randomBytes(3).toString('hex');
    try {
      await oneByOne(client, `warm-${tag}`, 2);
      const many = await together(client, `many-${tag}`, concurrent);
      const few = await oneByOne(client, `seq-${tag}`, sequential);
      const all = [many, few];
      const clean = all.every((b) => b.lost === 0 && b.timedOut === 0 && b.failed === 0);
      const result = entry(
        {
          name: 'concurrency',
          description: `${concurrent} realtime executions of ${RECORDS_PER_EXECUTION} records at once vs ${sequential} in a row (local target)`,
          goal: 'report: 0 lost, 0 timed out',
          detail: `${perSecond(concurrent, many.ms)} executions/s at once (default admission limit), ${perSecond(sequential, few.ms)} in a row; lost ${many.lost + few.lost}, timed out ${many.timedOut + few.timedOut}, failed ${many.failed + few.failed}`,
        },
        { label: `${concurrent} at once, ms per execution`, times: [many.ms / concurrent] },
        { label: `${sequential} in a row, ms per execution`, times: [few.ms / sequential] },
      );
      return { ...result, met: clean };
    } finally {
      await client.close();
      rmSync(home, { recursive: true, force: true });
    }
  },
};
