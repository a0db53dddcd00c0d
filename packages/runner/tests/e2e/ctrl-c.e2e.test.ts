import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEV_RUNNER = join(REPO_ROOT, 'tools', 'dev-runner', 'runner.cjs');
const ROUNDS = 10;

interface RecordView {
  status: string;
  cause?: string;
  stages: { name: string; status: string }[];
}

function readRecord(home: string, id: string): RecordView | undefined {
  const path = join(home, 'executions', `${id}.json`);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RecordView;
  } catch {
    return undefined; // caught between a write and its rename
  }
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to the whole process group of `pnpm runner start`
 * (the dev-runner wrapper and the CLI). The wrapper must not deliver it a second time.
 */
describe('Ctrl-C on pnpm runner start', () => {
  it(
    `leaves the run ABORTED, stopped by the user, with exit 1, ${ROUNDS} times out of ${ROUNDS}`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        // Arrange: a batch run, in its own process group, once its ETL step is running.
        const home = tempDir('ceap-e2e-ctrlc-');
        const id = `ctrl-c-${round}`;
        const child = spawn(
          process.execPath,
          [DEV_RUNNER, 'start', '--workflow', 'batch', '--execution-id', id],
          {
            cwd: REPO_ROOT,
            env: { ...process.env, CEAP_HOME: home.path, NO_COLOR: '1' },
            detached: true,
            stdio: 'ignore',
          },
        );
        const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
        for (let waited = 0; waited < 60_000; waited += 100) {
          const running = readRecord(home.path, id)?.stages.some((s) => s.status === 'RUNNING');
          if (running) break;
          await sleep(100);
        }
        // Act
        process.kill(-(child.pid as number), 'SIGINT');
        const code = await exited;
        // Assert
        const record = readRecord(home.path, id);
        home.remove();
        expect({ round, code, status: record?.status, cause: record?.cause }).toEqual({
          round,
          code: 1,
          status: 'ABORTED',
          cause: 'stopped by the user',
        });
      }
    },
    ROUNDS * 60_000,
  );
});
