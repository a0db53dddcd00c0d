import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliResult, PACKAGE_DIR, REPO_ROOT } from './run-cli.js';

const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');

/** A CLI process the test does not wait for: its child, and its result once it exits. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
}

/**
 * Spawns the real CLI as `runCli` does (tsx, the @ceap/source condition, its own CEAP_HOME),
 * without waiting for it, so a test can act on the run while it is under way.
 */
export function spawnCli(
  args: readonly string[],
  options: { home: string; env?: NodeJS.ProcessEnv },
): CliProcess {
  const child = spawn(TSX, ['--conditions=@ceap/source', 'src/cli/main.ts', ...args], {
    cwd: PACKAGE_DIR,
    env: {
      ...process.env,
      INIT_CWD: REPO_ROOT,
      CEAP_HOME: options.home,
      NO_COLOR: '1',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}

/** The index record of an execution as it is on disk, or undefined (not there, or mid-write). */
export function readRecordFile(home: string, executionId: string): IndexRecord | undefined {
  const path = join(home, 'executions', `${executionId}.json`);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as IndexRecord;
  } catch {
    return undefined;
  }
}

/** The fields of an index record the fault tests look at. */
export interface IndexRecord {
  readonly status: string;
  readonly pid: number;
  readonly error?: string;
  readonly cause?: string;
  readonly stages: readonly { name: string; status: string }[];
}

/**
 * Polls until `check` returns a value (not undefined), or fails after `limitMs` naming what
 * it waited for. The limit bounds a broken run; it asserts nothing about speed.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined,
  limitMs = 60_000,
): Promise<T> {
  for (let waited = 0; waited < limitMs; waited += 50) {
    const value = check();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`gave up after ${limitMs} ms waiting for ${what}`);
}
