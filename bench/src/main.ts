import { measureDagOverhead } from './dag-overhead.js';
import { measureEngineOverhead } from './engine-overhead.js';
import { printTable } from './harness.js';
import { measureStageOverhead } from './stage-overhead.js';

/**
 * `pnpm bench`: each figure runs a ceap path and its raw baseline side by side on this machine
 * and prints the ratio. Record results in BENCHMARKS.md with the command that produced them.
 */
async function main(): Promise<void> {
  process.stderr.write(`ceap bench on node ${process.version}, ${new Date().toISOString()}\n`);
  const comparisons = [
    ...(await measureStageOverhead()),
    ...(await measureEngineOverhead()),
    ...(await measureDagOverhead()),
  ];
  printTable(comparisons);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
