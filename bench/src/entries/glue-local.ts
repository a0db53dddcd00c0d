import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  defineStage,
  logicalInputKey,
  OutputLayout,
  runStage,
  type StageDependencies,
  writeJsonLines,
} from '@ceap/core';
import {
  createLocalGlueExecutor,
  HEAVY_ETL_PYTHON_DIR,
  HEAVY_ETL_SEGMENTS_PATH,
  LOCAL_RECORDS_PER_PART,
} from '@ceap/glue-jobs';
import { candidates, withEmbeddedS3 } from '../embedded.js';
import { type Benchmark, entry, interleavedRounds, type Stats, stats } from '../harness.js';

type S3Client = StageDependencies['s3'];

const BUCKET = 'bench-glue';
const LOGICAL_DATE = '2026-11-21';
/** The upstream output every round reads (the executor only requires it to be outside its own). */
const INPUT_KEY = 'executions/bench-glue-input/FilterStage/output.json';
const LOCAL_RUNNER = join(HEAVY_ETL_PYTHON_DIR, 'local_runner.py');
const CORE_ARGUMENTS = ['--logical-date', LOGICAL_DATE, '--segments', HEAVY_ETL_SEGMENTS_PATH];
/** What any Python pass over JSON Lines costs: read a line, parse it, write it back. */
const BARE_PASS =
  'import sys, json\nw = sys.stdout.write\nfor line in sys.stdin:\n    w(json.dumps(json.loads(line)) + "\\n")\n';

/**
 * The heavy-ETL job run locally (the same Python core as on Glue, fed and drained by the
 * stage runtime over the embedded S3 server) against python3 doing a bare JSON Lines pass over
 * the same records from a local file. Two more sides, reported in the detail, show where the
 * time goes: the Python core alone over the file, and runStage alone (an identity transform
 * over the same input, written in the same parts), which is the executor without Python.
 */
export const glueLocal: Benchmark = {
  name: 'glueLocal',
  run: ({ quick, rounds }) =>
    withEmbeddedS3(BUCKET, async (s3) => {
      const records = quick ? 10_000 : 100_000;
      const directory = mkdtempSync(join(tmpdir(), 'ceap-bench-glue-'));
      try {
        const file = join(directory, 'records.jsonl');
        await writeFile(file, records);
        // One input for every round, written before the rounds: storing it is the upstream
        // stage's work, not the executor's. Each round is its own execution, so its output,
        // rejects and manifest entry are written afresh.
        await writeJsonLines(s3.client, { bucket: BUCKET, key: INPUT_KEY }, candidates(records));
        const [ceapTimes, bareTimes, coreTimes, floorTimes] = (await interleavedRounds(rounds, [
          executorRound(s3.client),
          () => barePass(file),
          () => python(['-B', LOCAL_RUNNER, ...CORE_ARGUMENTS], file),
          identityRound(s3.client),
        ])) as [number[], number[], number[], number[]];
        const relative = (times: number[]) =>
          stats(times.map((time, i) => time / (bareTimes[i] as number)));
        const result = entry(
          {
            name: 'glueLocal',
            description: `the local Glue executor over ${records.toLocaleString('en')} records, timed from the job run's start to its result: S3 read, the python3 core, the part files and rejects written to S3, and the manifest entry (the input is stored once, before the rounds)`,
            goal: 'at least 0.5x the bare pass (ratio ≤ 2)',
            detail: `against the bare pass, the Python core alone (local_runner.py over the same file) takes ${range(relative(coreTimes))} and runStage alone (identity transform, same input and parts, no Python) ${range(relative(floorTimes))}`,
          },
          { label: 'local Glue executor (python3 core via runStage)', times: ceapTimes },
          { label: 'python3 bare JSON Lines read + write', times: bareTimes },
        );
        return { ...result, met: result.ratio.median <= 2 };
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }),
};

/** One job run per call, each its own execution. */
function executorRound(s3: S3Client): () => Promise<unknown> {
  const executor = createLocalGlueExecutor({
    s3,
    location: { bucket: BUCKET },
    logger: createLogger({ level: 'silent' }),
  });
  let run = 0;
  return () => {
    const id = `bench-glue-${++run}`;
    return executor.run({
      '--executionId': id,
      '--workflow': 'bench',
      '--bucket': BUCKET,
      '--inputKey': INPUT_KEY,
      '--outputKey': `executions/${id}/HeavyETLStage/output.json`,
      '--logicalDate': LOGICAL_DATE,
      '--runKey': logicalInputKey({ logicalDate: LOGICAL_DATE }, LOGICAL_DATE),
    });
  };
}

/** runStage as the executor calls it, with the records passed through instead of to Python. */
function identityRound(s3: S3Client): () => Promise<unknown> {
  const stage = defineStage({
    name: 'HeavyETLStage',
    outputLayout: OutputLayout.Parts,
    recordsPerPart: LOCAL_RECORDS_PER_PART,
    async *transform(input) {
      yield* input;
    },
  });
  const logger = createLogger({ level: 'silent' });
  let run = 0;
  return () =>
    runStage(
      stage,
      {
        executionId: `bench-identity-${++run}`,
        workflow: 'bench',
        input: { bucket: BUCKET, key: INPUT_KEY, logicalDate: LOGICAL_DATE },
      },
      { s3, location: { bucket: BUCKET }, logger, env: {} },
    );
}

function range(s: Stats): string {
  return `${s.median.toFixed(2)}x (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

async function writeFile(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for await (const record of candidates(count)) {
    if (!out.write(`${JSON.stringify(record)}\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

function barePass(file: string): Promise<void> {
  return python(['-c', BARE_PASS], file);
}

/** python3 with `args`, the file on its stdin and its stdout discarded. */
function python(args: string[], file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { stdio: ['pipe', 'ignore', 'inherit'] });
    createReadStream(file).pipe(child.stdin);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`python3 exited ${code}`)),
    );
  });
}
