import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordFile, spawnCli, waitFor } from '../helpers/cli-process.js';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { exited } from '../helpers/workers.js';

interface Row {
  readonly name: string;
  readonly status: string;
  readonly output?: string;
}

/**
 * The runner process is SIGKILLed while the batch workflow's ETL step streams the shipped
 * 100,000-record sample (a few seconds of work, so the kill lands mid-step): no handler runs,
 * nothing is flushed, the embedded S3 server dies with it.
 */
describe('SIGKILL of the runner mid-run (the real CLI in a child process)', () => {
  let home: ReturnType<typeof tempDir>;
  const id = 'killed-runner';
  const cli = (args: string[]) => runCli(args, { home: home.path });

  beforeAll(async () => {
    home = tempDir('ceap-fault-runner-');
    const args = ['start', '--workflow', 'batch', '--logical-date', '2026-03-10'];
    const run = spawnCli([...args, '--execution-id', id], { home: home.path });
    const runner = await waitFor('ETLStage to be running', () => {
      const record = readRecordFile(home.path, id);
      return record?.stages[0]?.status === 'RUNNING' ? record.pid : undefined;
    });
    process.kill(runner, 'SIGKILL');
    await exited(runner);
    await run.result;
  }, 90_000);

  afterAll(() => home.remove());

  it('status tells the truth: ABORTED, with the step that was running, not RUNNING forever', async () => {
    // Arrange / Act
    const status = await cli(['status', id, '--json']);
    const running = onlyJson(await cli(['list', '--status', 'RUNNING', '--json']));

    // Assert
    expect(status.code).toBe(1);
    expect(onlyJson(status)).toMatchObject({
      status: 'ABORTED',
      error: 'States.Aborted',
      cause: expect.stringMatching(/^the runner process \d+ ended before the execution finished$/),
    });
    const rows = onlyJson(status).stages as Row[];
    expect(rows.map((row) => row.status)).toEqual([
      'ABORTED',
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
      'PENDING',
    ]);
    expect(running.executions).toEqual([]);
  });

  it('presents nothing the killed step was writing as output', async () => {
    // Arrange / Act
    const any = await cli(['output', id]);
    const etl = await cli(['output', id, '--stage', 'ETLStage']);

    // Assert
    expect([any.code, any.stdout]).toEqual([2, '']);
    expect(any.stderr).toContain(`execution "${id}" has no stage output yet`);
    expect([etl.code, etl.stdout]).toEqual([2, '']);
    expect(etl.stderr).toContain('--stage ETLStage has no output');
  });

  it('lets the same workflow run again (its id stays taken)', async () => {
    // Arrange
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    const input = join(home.path, 'batch.json');
    writeFileSync(
      input,
      JSON.stringify({ logicalDate: '2026-03-10', records: sample.records.slice(0, 40) }),
    );
    const start = ['start', '--workflow', 'batch', '--input', input, '--execution-id'];

    // Act
    const again = await cli([...start, 'after-kill', '--json']);
    const reused = await cli([...start, id, '--json']);

    // Assert
    expect(again.code).toBe(0);
    expect(onlyJson(again)).toMatchObject({ executionId: 'after-kill', status: 'SUCCEEDED' });
    expect(reused.code).toBe(2);
    expect(onlyJson(reused)).toMatchObject({ error: 'ExecutionAlreadyExistsError' });
  }, 60_000);
});
