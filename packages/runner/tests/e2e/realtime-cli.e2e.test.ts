import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const STAGES = ['ETLStage', 'FilterStage', 'ScoreStage', 'StoreStage', 'ReactiveStage'];

describe('pnpm runner, realtime (spawned CLI)', () => {
  let home: ReturnType<typeof tempDir>;
  let executionId: string;
  let started: Record<string, unknown>;

  beforeAll(async () => {
    home = tempDir('ceap-e2e-rt-');
    const result = await runCli(['start', '--workflow', 'realtime', '--json'], { home: home.path });
    if (result.code !== 0) throw new Error(`start failed (${result.code}):\n${result.stderr}`);
    started = onlyJson(result);
    executionId = started.executionId as string;
  });

  afterAll(() => home.remove());

  it("runs the shipped sample through every stage and prints one JSON object with the issue's fields", () => {
    // Arrange
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };

    // Act
    const stages = started.stages as Record<string, unknown>[];

    // Assert
    expect(started).toMatchObject({ workflow: 'realtime', target: 'local', status: 'SUCCEEDED' });
    expect(executionId).toMatch(/^realtime-\d{8}T\d{6}Z-[a-z0-9]{6}$/);
    expect(typeof started.startedAt).toBe('string');
    expect(typeof started.stoppedAt).toBe('string');
    expect(stages.map((s) => s.name)).toEqual(STAGES);
    for (const stage of stages) {
      expect(stage).toMatchObject({
        status: 'SUCCEEDED',
        records: expect.any(Number),
        rejected: expect.any(Number),
        durationMs: expect.any(Number),
        output: `s3://ceap-local-data/executions/${executionId}/${stage.name}/output.json`,
      });
    }
    expect(stages[0]?.received).toBe(sample.records.length);
    expect(started.output).toBe(stages.at(-1)?.output);
  });

  it('shows the finished execution with status --json, and its stage table without', async () => {
    // Arrange / Act
    const json = await runCli(['status', executionId, '--json'], { home: home.path });
    const text = await runCli(['status', executionId], { home: home.path });

    // Assert
    expect(json.code).toBe(0);
    expect(onlyJson(json)).toMatchObject({
      executionId,
      status: 'SUCCEEDED',
      stages: started.stages,
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/STEP\s+STATUS\s+DURATION\s+IN\s+OUT\s+REJECTED/);
    expect(text.stdout).toContain(`pnpm runner output ${executionId}`);
  });

  it("lists it, and streams the last stage's records and any stage's with output", async () => {
    // Arrange
    const stages = started.stages as { name: string; records: number }[];

    // Act
    const list = await runCli(['list', '--workflow', 'realtime', '--json'], { home: home.path });
    const last = await runCli(['output', executionId], { home: home.path });
    const etl = await runCli(['output', executionId, '--stage', 'ETLStage'], { home: home.path });

    // Assert
    expect(
      (onlyJson(list).executions as { executionId: string }[]).map((e) => e.executionId),
    ).toEqual([executionId]);
    expect(last.code).toBe(0);
    expect(last.stdout.trim().split('\n')).toHaveLength(stages.at(-1)?.records as number);
    const etlLines = etl.stdout.trim().split('\n');
    expect(etlLines).toHaveLength(stages[0]?.records as number);
    expect(JSON.parse(etlLines[0] as string)).toHaveProperty('customerId');
  });

  it('refuses a second start with the same id (exit 2, "already exists") and does not run it', async () => {
    // Arrange
    const before = readFileSync(join(home.path, 'executions', `${executionId}.json`), 'utf8');

    // Act
    const again = await runCli(['start', '--workflow', 'realtime', '--execution-id', executionId], {
      home: home.path,
    });

    // Assert
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(join(home.path, 'executions', `${executionId}.json`), 'utf8')).toBe(before);
  });

  it('fails a stage on an invalid CEAP_SCORE_MODEL: exit 1, with the error and cause', async () => {
    // Arrange
    const input = join(home.path, 'small.json');
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { records: unknown[] };
    writeFileSync(input, JSON.stringify({ records: sample.records.slice(0, 20) }));

    // Act
    const result = await runCli(['start', '--workflow', 'realtime', '--input', input, '--json'], {
      home: home.path,
      env: { CEAP_SCORE_MODEL: '{"not": "a model"' },
    });

    // Assert
    expect(result.code).toBe(1);
    const body = onlyJson(result);
    expect(body).toMatchObject({
      status: 'FAILED',
      error: 'ConfigurationError',
      failedState: 'ScoreStage',
    });
    expect(body.cause).toContain('CEAP_SCORE_MODEL');
    expect((body.stages as { name: string; status: string }[]).map((s) => s.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'FAILED',
      'PENDING',
      'PENDING',
    ]);
  });
});
