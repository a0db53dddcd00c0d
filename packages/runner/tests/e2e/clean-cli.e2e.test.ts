import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const RUNS = ['clean-1', 'clean-2', 'clean-3'];
/** A record that a live process (this test's) still runs, started long ago. */
const LIVE = 'clean-live';

/** The bytes of every stored object under the execution's S3 folder (s3rver's data files). */
function objectBytes(home: string, id: string): number {
  const folder = join(home, 's3', 'ceap-local-data', 'executions', id);
  if (!existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('._S3rver_object'))
    .reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
}

function fileBytes(home: string, id: string): number {
  return ['executions', 'inputs']
    .map((folder) => join(home, folder, `${id}.json`))
    .concat(join(home, 'logs', `${id}.log`))
    .reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
}

async function listed(home: string): Promise<string[]> {
  const json = onlyJson(await runCli(['list', '--json'], { home }));
  return (json.executions as { executionId: string }[]).map((e) => e.executionId).sort();
}

describe('pnpm runner clean (spawned CLI)', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    home = tempDir('ceap-e2e-clean-');
    for (const id of RUNS) {
      const args = ['start', '--workflow', 'realtime', '--execution-id', id];
      const started = await runCli(args, { home: home.path });
      if (started.code !== 0) throw new Error(`start ${id} failed:\n${started.stderr}`);
    }
    const record = {
      executionId: LIVE,
      workflow: 'realtime',
      target: 'local',
      status: 'RUNNING',
      startedAt: '2020-01-01T00:00:00.000Z',
      stages: [],
      inputFile: join(home.path, 'inputs', `${LIVE}.json`),
      pid: process.pid,
      hostname: hostname(),
      updatedAt: '2020-01-01T00:00:00.000Z',
    };
    writeFileSync(join(home.path, 'executions', `${LIVE}.json`), JSON.stringify(record));
  }, 60_000);

  afterAll(() => home.remove());

  it.each([
    [['--older-than', '7'], '--older-than'],
    [['--older-than', '1.5d'], '--older-than'],
    [['--keep', '0'], '--keep'],
    [[], '--older-than or --keep'],
  ])('exits 2 for %j naming the flag, deleting nothing', async (extra, named) => {
    // Arrange
    const args = ['clean', ...extra, '--json'];

    // Act
    const result = await runCli(args, { home: home.path });

    // Assert
    expect(result.code).toBe(2);
    expect(onlyJson(result).message).toContain(named);
    expect(await listed(home.path)).toEqual([...RUNS, LIVE].sort());
  });

  it('--dry-run reports what --keep 1 would free and deletes nothing', async () => {
    // Arrange
    const args = ['clean', '--keep', '1', '--dry-run', '--json'];

    // Act
    const report = onlyJson(await runCli(args, { home: home.path }));

    // Assert
    expect(report).toMatchObject({
      dryRun: true,
      executions: ['clean-2', 'clean-1'],
      skippedRunning: [LIVE],
    });
    expect(await listed(home.path)).toEqual([...RUNS, LIVE].sort());
  });

  it('frees the bytes it reports, and list no longer shows the runs; a live run stays', async () => {
    // Arrange
    const gone = ['clean-1', 'clean-2'];
    const expected = gone.reduce(
      (sum, id) => sum + objectBytes(home.path, id) + fileBytes(home.path, id),
      0,
    );

    // Act
    const report = onlyJson(await runCli(['clean', '--keep', '1', '--json'], { home: home.path }));

    // Assert
    expect(report).toMatchObject({ dryRun: false, executions: ['clean-2', 'clean-1'] });
    expect(report.objects).toBeGreaterThan(0);
    expect(report.bytes).toBe(expected);
    expect(await listed(home.path)).toEqual(['clean-3', LIVE]);
    for (const id of gone) {
      expect(objectBytes(home.path, id)).toBe(0);
      expect(fileBytes(home.path, id)).toBe(0);
    }
    expect(objectBytes(home.path, 'clean-3')).toBeGreaterThan(0);
  });

  it('--older-than deletes by age and prints what it freed', async () => {
    // Arrange
    const args = ['clean', '--older-than', '30m'];

    // Act
    const result = await runCli(args, { home: home.path });

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Freed 0 executions');
    expect(result.stdout).toContain(`kept ${LIVE}: still running`);
    expect(await listed(home.path)).toEqual(['clean-3', LIVE]);
  });
});
