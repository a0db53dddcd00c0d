import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a child script from the workspace sources into one CommonJS file, so the child runs
 * on plain node: what it measures is its own work, without a TypeScript loader beside it.
 */
export async function bundleChild(script: string, directory: string): Promise<string> {
  const outfile = join(directory, `${basename(script, '.ts')}.cjs`);
  await build({
    entryPoints: [script],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    conditions: ['@ceap/source'],
    logLevel: 'error',
  });
  return outfile;
}

/** Runs `node …args` and resolves with its stdout; a non-zero exit rejects with its stderr. */
export function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `node ${args.slice(-2).join(' ').slice(0, 200)} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-2000)}`,
          ),
        );
    });
  });
}
