import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Bugs 4, 6 and 9 of the run-control issue, through the spawned CLI. */
describe('pnpm runner: --json errors, --s3-endpoint and CEAP_HOME (issue bugs 4, 6, 9)', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(() => {
    home = tempDir('ceap-e2e-bugs-');
  });

  afterAll(() => home.remove());

  it.each([
    [['start'], 'commander.missingMandatoryOptionValue', '--workflow'],
    [['start', '--workflow', 'realtime', '--bogus'], 'commander.unknownOption', '--bogus'],
    [['list', '--target', 'gcp'], 'commander.invalidArgument', '--target'],
    [['status'], 'commander.missingArgument', 'id'],
    [['output'], 'commander.missingArgument', 'id'],
  ])(
    'bug 4: %j --json prints one JSON error object on stdout and exits 2',
    async (args, code, named) => {
      // Arrange
      const options = { home: home.path };

      // Act
      const result = await runCli([...args, '--json'], options);

      // Assert
      expect(result.code).toBe(2);
      expect(onlyJson(result)).toMatchObject({ code, message: expect.stringContaining(named) });
    },
  );

  it('bug 4: output --json prints one object holding the records', async () => {
    // Arrange
    const id = 'bugs-out';
    const started = await runCli(['start', '--workflow', 'realtime', '--execution-id', id], {
      home: home.path,
    });
    if (started.code !== 0) throw new Error(`start failed:\n${started.stderr}`);

    // Act
    const result = await runCli(['output', id, '--stage', 'ScoreStage', '--json'], {
      home: home.path,
    });

    // Assert
    const json = onlyJson(result);
    expect(result.code).toBe(0);
    expect(json).toMatchObject({ executionId: id, status: 'SUCCEEDED', stage: 'ScoreStage' });
    expect(json.records).toHaveLength(json.count as number);
    expect(json.count).toBeGreaterThan(0);
  });

  it('bug 6: --s3-endpoint notaurl exits 2 naming the flag, and the id is not burned', async () => {
    // Arrange
    const args = ['start', '--workflow', 'realtime', '--execution-id', 'bugs-endpoint'];

    // Act
    const refused = await runCli([...args, '--s3-endpoint', 'notaurl'], { home: home.path });
    const retried = await runCli(args, { home: home.path });

    // Assert
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--s3-endpoint "notaurl" is not an http(s) URL');
    expect(retried.code).toBe(0);
  });

  it.each([
    ['a file', (dir: string) => join(dir, 'home-file')],
    ['under a file', (dir: string) => join(dir, 'home-file', 'inside')],
  ])(
    'bug 9: a CEAP_HOME that is %s exits 2 naming CEAP_HOME, under --json too',
    async (_, path) => {
      // Arrange
      const file = join(home.path, 'home-file');
      writeFileSync(file, 'not a folder');
      const unusable = path(home.path);

      // Act
      const start = await runCli(['start', '--workflow', 'realtime'], { home: unusable });
      const list = await runCli(['list', '--json'], { home: unusable });

      // Assert
      expect(start.code).toBe(2);
      expect(start.stderr).toContain(`the ceap home ${unusable} (CEAP_HOME)`);
      expect(list.code).toBe(2);
      expect(onlyJson(list)).toMatchObject({
        error: 'CeapHomeError',
        message: expect.stringContaining('CEAP_HOME'),
      });
      expect(existsSync(join(home.path, 'home-file', 'executions'))).toBe(false);
    },
  );
});
