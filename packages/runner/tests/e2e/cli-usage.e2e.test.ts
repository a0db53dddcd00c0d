import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('pnpm runner: usage errors exit 2 and name what is wrong', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(() => {
    home = tempDir('ceap-e2e-usage-');
    writeFileSync(join(home.path, 'not-json.json'), '{ this is not json');
  });

  afterAll(() => home.remove());

  it.each([
    [
      ['start', '--workflow', 'nightly'],
      'workflow "nightly" is not known; expected one of: realtime, batch',
    ],
    [
      ['start', '--workflow', 'realtime', '--input', 'no-such-file.json'],
      'no-such-file.json does not exist',
    ],
    [['start', '--workflow', 'realtime', '--input', 'not-json.json'], 'not-json.json is not JSON'],
    [
      ['start', '--workflow', 'realtime', '--execution-id', '../x'],
      'executionId "../x" must be 1-80 characters of A-Z a-z 0-9 _ -',
    ],
    [
      ['start', '--workflow', 'realtime', '--logical-date', '2026-02-30'],
      '--logical-date "2026-02-30"',
    ],
    [['start'], "required option '--workflow <name>' not specified"],
    [
      ['start', '--workflow', 'realtime', '--target', 'gcp'],
      "option '--target <target>' argument 'gcp' is invalid",
    ],
    [['status', 'never-ran'], 'execution "never-ran" was not found'],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['list', '--limit', 'abc'], "option '--limit <n>' argument 'abc' is invalid"],
    [['list', '--limit', '0'], "option '--limit <n>' argument '0' is invalid"],
    [['list', '--limit', '-1'], "option '--limit <n>' argument '-1' is invalid"],
  ])('%j', async (args, message) => {
    // Arrange
    const options = { home: home.path, cwd: home.path };

    // Act
    const result = await runCli(args, options);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(home.path, 's3'))).toBe(false);
  });

  it('prints exactly one JSON object for a usage error under --json', async () => {
    // Arrange / Act
    const result = await runCli(
      ['start', '--workflow', 'realtime', '--execution-id', 'a/b', '--json'],
      { home: home.path },
    );

    // Assert
    expect(result.code).toBe(2);
    expect(onlyJson(result)).toMatchObject({
      error: 'RunnerUsageError',
      message: expect.stringContaining('"a/b"'),
    });
  });

  it('prints exactly one JSON object for a bad option value under --json', async () => {
    // Arrange / Act
    const result = await runCli(['list', '--limit', 'abc', '--json'], { home: home.path });

    // Assert
    expect(result.code).toBe(2);
    expect(onlyJson(result)).toMatchObject({
      code: 'commander.invalidArgument',
      message: expect.stringContaining("option '--limit <n>' argument 'abc' is invalid"),
    });
  });

  it('prints the workflow DAG as Mermaid, or its compiled states with --states', async () => {
    // Arrange / Act
    const dag = await runCli(['graph', '--workflow', 'guarded-batch'], { home: home.path });
    const states = await runCli(['graph', '--workflow', 'batch', '--states'], { home: home.path });

    // Assert
    expect(dag.code).toBe(0);
    expect(dag.stdout).toMatch(/^flowchart TD\n/);
    expect(dag.stdout).toContain('HasCandidates -->|"ETLStage.records #gt; 0"| QualityStage');
    expect(dag.stdout).toContain('QualityStage --> StoreStage');
    expect(states.code).toBe(0);
    expect(states.stdout).toContain('HeavyETLStage --> HeavyETLStage_output');
  });
});
