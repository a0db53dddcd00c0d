import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The processes recorded as running the executions under `home` (detached workers included). */
export function workerPids(home: string): number[] {
  const folder = join(home, 'executions');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .map((name) => (JSON.parse(readFileSync(join(folder, name), 'utf8')) as { pid: number }).pid);
}

/** Resolves once process `pid` has gone. */
export async function exited(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
}

/** Waits until every worker under `home` has exited (each stops its embedded S3 server first). */
export async function workersExited(home: string): Promise<void> {
  await Promise.all(workerPids(home).map(exited));
}
