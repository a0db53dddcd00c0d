import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Benchmark, entry, interleavedRounds } from '../harness.js';

const CLI = join(__dirname, '..', '..', '..', 'packages', 'runner', 'dist', 'cli', 'main.js');

/** Issue 12's target for a command's start, from the built JavaScript. */
const START_GOAL_MS = 300;

/** `ceap --version` from the built JavaScript, against starting Node with nothing to do. */
export const cliStart: Benchmark = cliBenchmark({
  name: 'cliStart',
  args: ['--version'],
  description: 'the ceap executable starting and printing its version',
});

/**
 * `ceap list --json` on an empty local home: the CLI, the project lookup and the local index,
 * without the embedded S3 server or the engine, which listing does not need.
 */
export const cliList: Benchmark = cliBenchmark({
  name: 'cliList',
  args: ['list', '--json'],
  description: 'the ceap executable listing local executions',
});

function cliBenchmark(spec: { name: string; args: string[]; description: string }): Benchmark {
  return {
    name: spec.name,
    run: async ({ rounds }) => {
      if (!existsSync(CLI)) {
        throw new Error(`${spec.name} needs the built CLI at ${CLI}: run pnpm build first`);
      }
      const home = mkdtempSync(join(tmpdir(), 'ceap-bench-cli-'));
      try {
        const env = { ...process.env, CEAP_HOME: home };
        const [ceapTimes, nodeTimes] = (await interleavedRounds(rounds, [
          () => run(process.execPath, [CLI, ...spec.args], env),
          () => run(process.execPath, ['-e', ''], env),
        ])) as [number[], number[]];
        const result = entry(
          {
            name: spec.name,
            description: spec.description,
            goal: `report (issue 12 targets ≤ ${START_GOAL_MS} ms)`,
            detail: '',
          },
          { label: `node dist/cli/main.js ${spec.args.join(' ')}`, times: ceapTimes },
          { label: 'node -e ""', times: nodeTimes },
        );
        return { ...result, met: result.ceap.median <= START_GOAL_MS };
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', env });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}
