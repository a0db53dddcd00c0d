import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { exited, workersExited } from '../helpers/workers.js';

/** A batch run takes 10-30 s here; these tests run one to its Glue step and stop it there. */
const BUDGET_MS = 180_000;

interface Stage {
  name: string;
  status: string;
}

/** The python3 processes whose parent is `pid`. */
function pythonChildren(pid: number): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, comm]) => Number(ppid) === pid && comm?.startsWith('python3'))
    .map(([child]) => Number(child));
}

describe('pnpm runner stop, and a killed run (spawned CLI, detached batch)', () => {
  let home: ReturnType<typeof tempDir>;
  let watcher: RunnerClient;

  beforeAll(() => {
    home = tempDir('ceap-e2e-stop-');
    watcher = createRunnerClient({ local: { home: home.path } });
  });

  afterAll(async () => {
    await watcher.close();
    await workersExited(home.path);
    home.remove();
  });

  /** Starts a detached batch and waits until its Glue step runs python3: the worker's pid and python's. */
  async function startUntilGlueRuns(id: string): Promise<{ worker: number; python: number }> {
    const args = ['start', '--workflow', 'batch', '--execution-id', id, '--no-wait'];
    const started = await runCli(args, { home: home.path });
    if (started.code !== 0) throw new Error(`start failed (${started.code}):\n${started.stderr}`);
    const record = join(home.path, 'executions', `${id}.json`);
    for (;;) {
      const { pid } = JSON.parse(readFileSync(record, 'utf8')) as { pid: number };
      const description = await watcher.describe(id);
      const glue = description.stages.find((stage) => stage.name === 'HeavyETLStage');
      const [python] = glue?.status === 'RUNNING' ? pythonChildren(pid) : [];
      if (python !== undefined) return { worker: pid, python };
      if (description.status !== 'RUNNING')
        throw new Error(`${id} ended ${description.status} first`);
      await sleep(50);
    }
  }

  it(
    'stops the run: ABORTED with the reason, its Glue step ABORTED, no python3 left; a second stop exits 2',
    async () => {
      // Arrange
      const { worker, python } = await startUntilGlueRuns('stop-1');

      // Act
      const stopped = await runCli(['stop', 'stop-1', '--reason', 'bad data upstream', '--json'], {
        home: home.path,
      });
      const again = await runCli(['stop', 'stop-1'], { home: home.path });

      // Assert
      const json = onlyJson(stopped);
      const glue = (json.stages as Stage[]).find((stage) => stage.name === 'HeavyETLStage');
      expect(stopped.code).toBe(0);
      expect(json).toMatchObject({
        status: 'ABORTED',
        error: 'States.Aborted',
        cause: 'bad data upstream',
      });
      expect(glue?.status).toBe('ABORTED');
      expect(() => process.kill(python, 0)).toThrow();
      expect(() => process.kill(worker, 0)).toThrow();
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('execution "stop-1" is ABORTED');
    },
    BUDGET_MS,
  );

  it(
    'after a kill, status shows the interrupted step ABORTED and output warns that the run was aborted',
    async () => {
      // Arrange
      const { worker, python } = await startUntilGlueRuns('killed-1');

      // Act
      process.kill(-worker, 'SIGKILL');
      await Promise.all([exited(worker), exited(python)]);
      const status = await runCli(['status', 'killed-1', '--json'], { home: home.path });
      const output = await runCli(['output', 'killed-1', '--stage', 'FilterStage'], {
        home: home.path,
      });

      // Assert
      const json = onlyJson(status);
      const statuses = Object.fromEntries((json.stages as Stage[]).map((s) => [s.name, s.status]));
      expect(status.code).toBe(1);
      expect(json.status).toBe('ABORTED');
      expect(statuses).toMatchObject({ FilterStage: 'SUCCEEDED', HeavyETLStage: 'ABORTED' });
      expect(Object.values(statuses)).not.toContain('RUNNING');
      expect(output.code).toBe(0);
      expect(output.stderr).toContain('warning: execution "killed-1" ended ABORTED');
    },
    BUDGET_MS,
  );
});
