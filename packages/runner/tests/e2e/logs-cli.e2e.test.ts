import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { workersExited } from '../helpers/workers.js';

const ID = 'logs-1';

describe('pnpm runner logs (spawned CLI, a detached realtime run)', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    home = tempDir('ceap-e2e-logs-');
    const args = ['start', '--workflow', 'realtime', '--execution-id', ID, '--no-wait'];
    const started = await runCli(args, { home: home.path });
    if (started.code !== 0) throw new Error(`start failed (${started.code}):\n${started.stderr}`);
  });

  afterAll(async () => {
    await workersExited(home.path);
    home.remove();
  });

  it("--follow reads one step's lines until the run ends", async () => {
    // Arrange
    const args = ['logs', ID, '--step', 'ScoreStage', '--follow'];

    // Act
    const followed = await runCli(args, { home: home.path });
    const status = onlyJson(await runCli(['status', ID, '--json'], { home: home.path }));

    // Assert
    const lines = followed.stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(followed.code).toBe(0);
    expect(status.status).toBe('SUCCEEDED');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ executionId: ID, stage: 'ScoreStage' });
    expect(lines.map((line) => line.msg)).toContain('stage finished');
  });

  it("prints every step's lines as JSON Lines when stdout is not a terminal, one object with --json", async () => {
    // Arrange
    const args = ['logs', ID];

    // Act
    const text = await runCli(args, { home: home.path });
    const json = onlyJson(await runCli([...args, '--json'], { home: home.path }));

    // Assert
    const stages = new Set(
      text.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).stage),
    );
    expect(text.code).toBe(0);
    expect([...stages]).toEqual(
      expect.arrayContaining(['ETLStage', 'FilterStage', 'ReactiveStage']),
    );
    expect(json.lines).toHaveLength(text.stdout.trim().split('\n').length);
  });

  it.each([[['--step', 'Nope'], '--step "Nope" is not a step of realtime']])(
    'exits 2 for %j with a message saying why',
    async (extra, message) => {
      // Arrange
      const args = ['logs', ID, ...extra, '--json'];

      // Act
      const result = await runCli(args, { home: home.path });

      // Assert
      expect(result.code).toBe(2);
      expect(onlyJson(result).message).toContain(message);
    },
  );
});
