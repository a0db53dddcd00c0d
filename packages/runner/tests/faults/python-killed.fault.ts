import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliProcess, spawnCli } from '../helpers/cli-process.js';
import { type HeldPython, holdPython } from '../helpers/held-python.js';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Row {
  readonly name: string;
  readonly status: string;
  readonly retries: number;
  readonly received?: number;
  readonly records?: number;
  readonly rejected?: number;
  readonly filtered?: number;
}

const CHECKED_STEPS = ['HeavyETLStage', 'ScoreStage'];

/** SIGKILLs every held python3 until the CLI has exited. */
async function killEveryHeld(python: HeldPython, cli: CliProcess): Promise<void> {
  let exited = false;
  void cli.result.then(() => {
    exited = true;
  });
  while (!exited) {
    const held = python.takeHeld();
    if (held !== undefined) process.kill(held, 'SIGKILL');
    else await sleep(50);
  }
}

/**
 * The batch workflow's HeavyETLStage runs the Glue job's Python core with python3. Here the
 * real interpreter of a real job run is SIGKILLed as it starts (see held-python.ts), on 40
 * records of the shipped sample, and the compiled Retry rule (2 retries; 5 s apart locally)
 * decides what happens next.
 */
describe("SIGKILL of the Glue step's python3", () => {
  let home: ReturnType<typeof tempDir>;
  let input: string;
  const outputs = (id: string) =>
    Promise.all(
      CHECKED_STEPS.map((step) => runCli(['output', id, '--stage', step], { home: home.path })),
    );
  let expected: string[];

  beforeAll(async () => {
    home = tempDir('ceap-fault-python-');
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    input = join(home.path, 'batch.json');
    writeFileSync(
      input,
      JSON.stringify({ logicalDate: '2026-03-10', records: sample.records.slice(0, 40) }),
    );
    const args = ['start', '--workflow', 'batch', '--input', input, '--execution-id', 'baseline'];
    const baseline = await runCli(args, { home: home.path });
    if (baseline.code !== 0) throw new Error(`the run without faults failed:\n${baseline.stderr}`);
    expected = (await outputs('baseline')).map((result) => result.stdout);
  }, 60_000);

  afterAll(() => home.remove());

  it('killed once: the step fails with a named error, is retried, and its data is exact', async () => {
    // Arrange
    const python = holdPython(join(home.path, 'held-once'), 'first');
    const id = 'killed-once';
    const args = ['start', '--workflow', 'batch', '--input', input, '--execution-id', id];
    const cli = spawnCli(args, { home: home.path, env: python.env });

    // Act
    try {
      process.kill(await python.nextHeld(), 'SIGKILL');
    } finally {
      python.killAll();
    }
    const result = await cli.result;
    const status = onlyJson(await runCli(['status', id, '--json'], { home: home.path }));

    // Assert
    expect(result.code).toBe(0);
    expect(status.status).toBe('SUCCEEDED');
    const heavy = (status.stages as Row[]).find((row) => row.name === 'HeavyETLStage');
    expect(heavy).toMatchObject({ status: 'SUCCEEDED', retries: 1 });
    expect(python.starts()).toHaveLength(2);
    const log = readFileSync(join(home.path, 'logs', `${id}.log`), 'utf8');
    expect(log).toContain('the Python core was killed by SIGKILL');
    const actual = await outputs(id);
    expect(actual.map((output) => output.code)).toEqual([0, 0]);
    expect(actual.map((output) => output.stdout)).toEqual(expected);
    expect(expected[0]?.trim().split('\n')).toHaveLength(heavy?.records as number);
  }, 90_000);

  it('killed on every attempt: the run FAILS with the named error and shows no output', async () => {
    // Arrange
    const python = holdPython(join(home.path, 'held-every'), 'every');
    const id = 'killed-always';
    const args = ['start', '--workflow', 'batch', '--input', input, '--execution-id', id];
    const cli = spawnCli(args, { home: home.path, env: python.env });

    // Act
    await killEveryHeld(python, cli);
    const result = await cli.result;
    const status = onlyJson(await runCli(['status', id, '--json'], { home: home.path }));
    const heavyOutput = await runCli(['output', id, '--stage', 'HeavyETLStage'], {
      home: home.path,
    });

    // Assert
    expect(result.code).toBe(1);
    expect(status).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: expect.stringContaining('the Python core was killed by SIGKILL'),
    });
    expect(status.output).toBeUndefined();
    expect((status.stages as Row[]).map((row) => [row.name, row.status, row.retries])).toEqual([
      ['ETLStage', 'SUCCEEDED', 0],
      ['FilterStage', 'SUCCEEDED', 0],
      ['HeavyETLStage', 'FAILED', 2],
      ['ScoreStage', 'PENDING', 0],
      ['StoreStage', 'PENDING', 0],
      ['ReactiveStage', 'PENDING', 0],
    ]);
    expect(python.starts()).toHaveLength(3);
    expect(heavyOutput.code).toBe(2);
    expect(heavyOutput.stderr).toContain('--stage HeavyETLStage has no output');
  }, 90_000);
});
