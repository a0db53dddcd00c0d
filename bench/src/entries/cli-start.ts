import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Benchmark, entry, interleavedRounds } from '../harness.js';

const CLI = join(__dirname, '..', '..', '..', 'packages', 'runner', 'dist', 'cli', 'main.js');

/** `ceap --version` from the built JavaScript, against starting Node with nothing to do. */
export const cliStart: Benchmark = {
  name: 'cliStart',
  run: async ({ rounds }) => {
    if (!existsSync(CLI)) {
      throw new Error(`cliStart needs the built CLI at ${CLI}: run pnpm build first`);
    }
    const [ceapTimes, nodeTimes] = (await interleavedRounds(rounds, [
      () => run(process.execPath, [CLI, '--version']),
      () => run(process.execPath, ['-e', '']),
    ])) as [number[], number[]];
    const result = entry(
      {
        name: 'cliStart',
        description: 'the ceap executable starting and printing its version',
        goal: 'report (issue 12 targets ≤ 300 ms)',
        detail: '',
      },
      { label: 'node dist/cli/main.js --version', times: ceapTimes },
      { label: 'node -e ""', times: nodeTimes },
    );
    return { ...result, met: result.ceap.median <= 300 };
  },
};

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}
