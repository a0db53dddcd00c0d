import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CEAP_HOME_DIR } from '../constants.js';

const WORKSPACE_MARKER = 'pnpm-workspace.yaml';

/**
 * The directory the user ran the command from. pnpm runs package scripts inside the package
 * folder and sets INIT_CWD to where `pnpm runner …` was typed, so relative paths given on the
 * command line resolve against it.
 */
export function invocationDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd();
}

/** The nearest folder at or above `start` that holds pnpm-workspace.yaml. */
export function findWorkspaceRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, WORKSPACE_MARKER))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Where local state lives:
 * 1. `CEAP_HOME`, when set (relative to the invocation directory);
 * 2. else `.ceap/` in the workspace root above the invocation directory;
 * 3. else `.ceap/` in the invocation directory.
 */
export function resolveCeapHome(env: NodeJS.ProcessEnv = process.env): string {
  const from = invocationDirectory(env);
  if (env.CEAP_HOME) return resolve(from, env.CEAP_HOME);
  return join(findWorkspaceRoot(from) ?? from, CEAP_HOME_DIR);
}

/**
 * The shipped sample data: `examples/` in the workspace root (found from the invocation
 * directory, else from this file's location). `CEAP_EXAMPLES` overrides it.
 */
export function resolveExamplesDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const from = invocationDirectory(env);
  if (env.CEAP_EXAMPLES) return resolve(from, env.CEAP_EXAMPLES);
  const root = findWorkspaceRoot(from) ?? findWorkspaceRoot(__dirname) ?? from;
  return join(root, 'examples');
}

/** The layout under the ceap home. */
export function ceapLayout(home: string) {
  return {
    home,
    s3: join(home, 's3'),
    executions: join(home, 'executions'),
    inputs: join(home, 'inputs'),
    logs: join(home, 'logs'),
  } as const;
}
/** The folders under the ceap home: `s3`, `executions`, `inputs`, `logs`. */
export type CeapLayout = ReturnType<typeof ceapLayout>;
