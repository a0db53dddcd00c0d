import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('pnpm runner start --no-wait (the detached start)', () => {
  let home: ReturnType<typeof tempDir>;
  let watcher: RunnerClient;

  beforeAll(() => {
    home = tempDir('ceap-e2e-detached-');
    // Reading the index needs no S3: this client only watches what the CLI's worker runs.
    watcher = createRunnerClient({ local: { home: home.path } });
  });

  afterAll(async () => {
    await watcher.close();
    // Each worker stops its embedded S3 server and exits once its run has ended.
    await Promise.all(workerPids(home.path).map(exited));
    home.remove();
  });

  it("returns at once with the sample's logical date, and the worker runs it to the end", async () => {
    // Arrange
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { logicalDate: string; records: unknown[] };
    const args = ['start', '--workflow', 'realtime', '--execution-id', 'detached-1', '--no-wait'];

    // Act
    const started = await runCli([...args, '--json'], { home: home.path });
    const finished = await (await watcher.getHandle('detached-1')).result();

    // Assert
    expect(started.code).toBe(0);
    expect(onlyJson(started)).toMatchObject({
      executionId: 'detached-1',
      status: 'RUNNING',
      logicalDate: sample.logicalDate,
    });
    expect(finished).toMatchObject({
      executionId: 'detached-1',
      status: 'SUCCEEDED',
      logicalDate: sample.logicalDate,
    });
    expect(finished.stages[0]?.received).toBe(sample.records.length);
  });

  it('refuses an id that exists (exit 2) without starting a worker', async () => {
    // Arrange
    const record = join(home.path, 'executions', 'detached-1.json');
    const before = readFileSync(record, 'utf8');

    // Act
    const again = await runCli(
      ['start', '--workflow', 'realtime', '--execution-id', 'detached-1', '--no-wait'],
      { home: home.path },
    );

    // Assert
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('execution "detached-1" already exists');
    expect(readFileSync(record, 'utf8')).toBe(before);
  });

  it('prints how to follow the run without --json', async () => {
    // Arrange
    const args = ['start', '--workflow', 'realtime', '--execution-id', 'detached-2', '--no-wait'];

    // Act
    const started = await runCli(args, { home: home.path });
    await (await watcher.getHandle('detached-2')).result();

    // Assert
    expect(started.code).toBe(0);
    expect(started.stdout).toBe(
      'Execution detached-2 started (realtime, local).\nWatch it: pnpm runner status detached-2\n',
    );
  });
});

/** The processes that ran the executions under `home`. */
function workerPids(home: string): number[] {
  const folder = join(home, 'executions');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => (JSON.parse(readFileSync(join(folder, name), 'utf8')) as { pid: number }).pid);
}

async function exited(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
}
