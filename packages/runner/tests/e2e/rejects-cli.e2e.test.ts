import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const ID = 'rejects-1';

describe('pnpm runner rejects (spawned CLI, realtime sample)', () => {
  let home: ReturnType<typeof tempDir>;
  let etlRejected: number;

  beforeAll(async () => {
    home = tempDir('ceap-e2e-rejects-');
    const started = await runCli(['start', '--workflow', 'realtime', '--execution-id', ID], {
      home: home.path,
    });
    if (started.code !== 0) throw new Error(`start failed (${started.code}):\n${started.stderr}`);
    const status = onlyJson(await runCli(['status', ID, '--json'], { home: home.path }));
    const rows = status.stages as { name: string; rejected: number }[];
    etlRejected = rows.find((row) => row.name === 'ETLStage')?.rejected as number;
  });

  afterAll(() => home.remove());

  it('prints as many JSON Lines, each with its reason, as status counts for the step', async () => {
    // Arrange
    const args = ['rejects', ID, '--step', 'ETLStage'];

    // Act
    const result = await runCli(args, { home: home.path });

    // Assert
    const lines = result.stdout.trim().split('\n');
    expect(result.code).toBe(0);
    expect(etlRejected).toBeGreaterThan(0);
    expect(lines).toHaveLength(etlRejected);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('reason');
    expect(result.stderr).toContain(
      `${etlRejected} of ${etlRejected} rejected records of ETLStage`,
    );
  });

  it('prints one object under --json whose counts by reason add up to the status count', async () => {
    // Arrange
    const args = ['rejects', ID, '--step', 'ETLStage', '--json'];

    // Act
    const json = onlyJson(await runCli(args, { home: home.path }));

    // Assert
    const byReason = Object.values(json.rejectedBy as Record<string, number>);
    expect(json).toMatchObject({ executionId: ID, step: 'ETLStage', rejected: etlRejected });
    expect(byReason.reduce((sum, n) => sum + n, 0)).toBe(etlRejected);
    expect(json.rejects).toHaveLength(etlRejected);
  });

  it('prints the records FilterStage dropped, with their rules, as many as status counts', async () => {
    // Arrange
    const status = onlyJson(await runCli(['status', ID, '--json'], { home: home.path }));
    const row = (status.stages as { name: string; filtered: number }[]).find(
      (stage) => stage.name === 'FilterStage',
    );
    const args = ['rejects', ID, '--step', 'FilterStage', '--filtered', '--json'];

    // Act
    const json = onlyJson(await runCli(args, { home: home.path }));

    // Assert
    const filtered = row?.filtered as number;
    expect(filtered).toBeGreaterThan(0);
    expect(json).toMatchObject({ step: 'FilterStage', filtered });
    const listed = json.filteredRecords as { reason: string; record: unknown }[];
    expect(listed).toHaveLength(filtered);
    const byRule = Object.entries(json.filteredBy as Record<string, number>);
    for (const [rule, count] of byRule) {
      expect(listed.filter((line) => line.reason === rule)).toHaveLength(count);
    }
  });

  it('filters by --reason and stops at --limit', async () => {
    // Arrange
    const json = onlyJson(
      await runCli(['rejects', ID, '--step', 'ETLStage', '--json'], { home: home.path }),
    );
    const [reason, count] = Object.entries(json.rejectedBy as Record<string, number>)[0] as [
      string,
      number,
    ];

    // Act
    const byReason = await runCli(['rejects', ID, '--step', 'ETLStage', '--reason', reason], {
      home: home.path,
    });
    const limited = await runCli(['rejects', ID, '--step', 'ETLStage', '--limit', '2'], {
      home: home.path,
    });

    // Assert
    const reasons = byReason.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).reason);
    expect(reasons).toEqual(Array(count).fill(reason));
    expect(limited.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('prints nothing for a step with no rejects, and says so on stderr', async () => {
    // Arrange
    const args = ['rejects', ID, '--step', 'ScoreStage'];

    // Act
    const result = await runCli(args, { home: home.path });

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('ScoreStage rejected no records');
  });

  it.each([
    [['--step', 'Nope'], '--step "Nope"'],
    [['--step', 'ETLStage', '--limit', 'abc'], '--limit'],
    [['--step', 'ETLStage', '--limit', '0'], '--limit'],
    [[], '--step'],
  ])('exits 2 naming the flag for %j, with one JSON error under --json', async (extra, named) => {
    // Arrange
    const args = ['rejects', ID, ...extra];

    // Act
    const text = await runCli(args, { home: home.path });
    const json = await runCli([...args, '--json'], { home: home.path });

    // Assert
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(named);
    expect(json.code).toBe(2);
    expect(onlyJson(json).message).toContain(named);
  });
});
