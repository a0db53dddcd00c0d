import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The package folder, and the repository root where `pnpm runner` is typed. */
export const PACKAGE_DIR = resolve(__dirname, '../..');
export const REPO_ROOT = resolve(PACKAGE_DIR, '../..');
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns the real CLI exactly as `pnpm runner` does (tsx with the @ceap/source condition,
 * cwd = the package, INIT_CWD = the repository root), with its own CEAP_HOME.
 */
export function runCli(
  args: readonly string[],
  options: { home: string; env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TSX, ['--conditions=@ceap/source', 'src/cli/main.ts', ...args], {
      cwd: PACKAGE_DIR,
      env: {
        ...process.env,
        INIT_CWD: options.cwd ?? REPO_ROOT,
        // As the dev-runner says it, for the hints the CLI prints.
        CEAP_CLI_NAME: 'pnpm runner',
        CEAP_HOME: options.home,
        NO_COLOR: '1',
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Parses stdout that must be exactly one JSON object on one line. */
export function onlyJson(result: CliResult): Record<string, unknown> {
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1)
    throw new Error(
      `expected one JSON line on stdout, got ${lines.length}:\n${result.stdout}\n${result.stderr}`,
    );
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}
