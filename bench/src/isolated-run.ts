import { spawn } from 'node:child_process';
import type { BenchEntry } from './harness.js';

/**
 * Runs one benchmark in a fresh process (this same script with `--only NAME --json`) and
 * returns its entries. Run in one process, a benchmark inherited the heap and the sockets of
 * those before it: engineOverhead measured 11.4 ms per step after stageThroughput and 5.5 ms
 * alone.
 */
export function runIsolated(name: string, quick: boolean): Promise<BenchEntry[]> {
  const args = [
    ...process.execArgv,
    process.argv[1] as string,
    '--only',
    name,
    '--json',
    ...(quick ? ['--quick'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`bench --only ${name} exited with code ${code}`));
        return;
      }
      try {
        resolve((JSON.parse(stdout) as { entries: BenchEntry[] }).entries);
      } catch (error) {
        reject(new Error(`bench --only ${name} printed no JSON object: ${String(error)}`));
      }
    });
  });
}
