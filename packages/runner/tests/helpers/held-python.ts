import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './cli-process.js';

/** Which starts of the Glue job's python3 stop themselves: only the first, or every one. */
export type HoldMode = 'first' | 'every';

/**
 * Python imports `sitecustomize` from PYTHONPATH when it starts, before the script runs. This
 * one acts only in a python3 started for the Glue job (`local_runner.py`): it logs its pid to
 * `starts`, and when held it publishes `held-{pid}` and stops itself with SIGSTOP. The test
 * then owns a real job's real interpreter at a known point and can SIGKILL it, or let it go on.
 */
const SITECUSTOMIZE = `
import os, signal, sys
folder = os.environ.get('CEAP_TEST_HELD_PYTHON')
if folder and sys.argv and sys.argv[0].endswith('local_runner.py'):
    pid = os.getpid()
    with open(os.path.join(folder, 'starts'), 'a') as starts:
        starts.write('%d\\n' % pid)
    with open(os.path.join(folder, 'starts')) as starts:
        first = len(starts.read().split()) == 1
    if first or os.environ.get('CEAP_TEST_HOLD') == 'every':
        temp = os.path.join(folder, '.held-%d' % pid)
        with open(temp, 'w') as mark:
            mark.write(str(pid))
        os.rename(temp, os.path.join(folder, 'held-%d' % pid))
        os.kill(pid, signal.SIGSTOP)
`;

/** The Glue job's python3, held when it starts, for a test to kill or release. */
export interface HeldPython {
  /** The environment that makes the CLI's python3 hold. */
  readonly env: NodeJS.ProcessEnv;
  /** The pid of a held python3 not yet returned, if there is one now. */
  takeHeld(): number | undefined;
  /** Waits for the next held python3 not yet returned, and returns its pid. */
  nextHeld(): Promise<number>;
  /** Every python3 the job started, held or not. */
  starts(): number[];
  /** SIGKILLs every python3 the job started that is still there (held ones included). */
  killAll(): void;
}

export function holdPython(folder: string, mode: HoldMode): HeldPython {
  const site = join(folder, 'site');
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, 'sitecustomize.py'), SITECUSTOMIZE);
  const seen = new Set<number>();
  const starts = (): number[] => {
    try {
      return readFileSync(join(folder, 'starts'), 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const takeHeld = (): number | undefined => {
    const held = readdirSync(folder)
      .filter((name) => name.startsWith('held-'))
      .map((name) => Number(name.slice('held-'.length)))
      .find((pid) => !seen.has(pid));
    if (held !== undefined) seen.add(held);
    return held;
  };
  return {
    env: { PYTHONPATH: site, CEAP_TEST_HELD_PYTHON: folder, CEAP_TEST_HOLD: mode },
    takeHeld,
    nextHeld: () => waitFor('a held python3', takeHeld),
    starts,
    killAll: () => {
      for (const pid of starts()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It has exited already.
        }
      }
    },
  };
}
