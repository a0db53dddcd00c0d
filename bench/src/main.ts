import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { bundles } from './entries/bundles.js';
import { cliList, cliStart } from './entries/cli-start.js';
import { concurrency } from './entries/concurrency.js';
import { dagOverhead, engineOverhead } from './entries/engine-overhead.js';
import { glueLocal } from './entries/glue-local.js';
import { monitor } from './entries/monitor.js';
import { realtimeEndToEnd } from './entries/realtime-end-to-end.js';
import { s3List } from './entries/s3-list.js';
import { stageMemory } from './entries/stage-memory.js';
import { stageThroughput } from './entries/stage-throughput.js';
import { type BenchEntry, type Benchmark, formatTable } from './harness.js';
import { runIsolated } from './isolated-run.js';

const BENCHMARKS: readonly Benchmark[] = [
  stageThroughput,
  engineOverhead,
  dagOverhead,
  s3List,
  glueLocal,
  cliStart,
  cliList,
  monitor,
  concurrency,
  stageMemory,
  realtimeEndToEnd,
  bundles,
];

/**
 * `pnpm bench [--json] [--only NAME] [--quick]`: each benchmark runs a ceap path and its raw
 * baseline interleaved, round by round, and reports min / median / max of both and of their
 * ratio. `--json` prints exactly one JSON object; `--quick` is a smoke test of the shape and of
 * finite numbers on small data, and asserts no speed. Record figures in BENCHMARKS.md with
 * the command that produced them.
 */
async function main(): Promise<number> {
  let options: { json: boolean; quick: boolean; only?: string };
  try {
    const { values } = parseArgs({
      options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, only: { type: 'string' } },
    });
    options = { json: values.json ?? false, quick: values.quick ?? false, only: values.only };
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const chosen = BENCHMARKS.filter((b) => options.only === undefined || b.name === options.only);
  if (chosen.length === 0) {
    process.stderr.write(
      `bench: --only ${JSON.stringify(options.only)} names no benchmark; expected one of: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const size = { quick: options.quick, rounds: 5 };
  const entries: BenchEntry[] = [];
  for (const benchmark of chosen) {
    if (chosen.length === 1) {
      process.stderr.write(`bench: ${benchmark.name}…\n`);
      entries.push(...[await benchmark.run(size)].flat());
    } else {
      entries.push(...(await runIsolated(benchmark.name, options.quick)));
    }
  }
  const invalid = entries.filter(
    (e) => ![e.ceap.median, e.baseline.median, e.ratio.median].every(Number.isFinite),
  );
  const machine = {
    node: process.version,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ date: new Date().toISOString(), quick: options.quick, machine, entries })}\n`,
    );
  } else {
    process.stdout.write(
      `node ${machine.node}, ${machine.cores} cores, ${machine.memoryGiB} GiB${options.quick ? ', --quick' : ''}\n\n${formatTable(entries)}\n`,
    );
  }
  if (invalid.length > 0) {
    process.stderr.write(
      `bench: not a finite figure in ${invalid.map((e) => e.name).join(', ')}\n`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
