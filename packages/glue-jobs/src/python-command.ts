import { spawnSync } from 'node:child_process';
import { PythonNotFoundError } from './errors.js';

/** The environment variable that names the Python interpreter for local Glue runs. */
export const PYTHON_ENV = 'CEAP_PYTHON';

/** The interpreter local Glue runs use: `CEAP_PYTHON`, else `python3`. */
export function pythonCommand(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[PYTHON_ENV];
  return configured !== undefined && configured.trim() !== '' ? configured.trim() : 'python3';
}

/**
 * Checks that the interpreter starts, before a run that needs it begins: a missing python3 is
 * reported at once, naming `CEAP_PYTHON`, not at the Glue step after its retries.
 */
export function assertPythonAvailable(python: string): void {
  const probe = spawnSync(python, ['--version'], { stdio: 'ignore', timeout: 10_000 });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new PythonNotFoundError(python, { cause: probe.error });
  }
}
