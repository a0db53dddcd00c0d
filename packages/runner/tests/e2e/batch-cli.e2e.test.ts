import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Row {
  readonly name: string;
  readonly status: string;
  readonly received: number;
  readonly records: number;
  readonly rejected: number;
  readonly filtered: number;
  readonly iterations?: number;
  readonly output: string;
}

const STAGES = [
  'ETLStage',
  'FilterStage',
  'HeavyETLStage',
  'ScoreStage',
  'StoreStage',
  'ReactiveStage',
];

describe('pnpm runner, batch (spawned CLI, the real local Glue executor on python3)', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(() => {
    home = tempDir('ceap-e2e-batch-');
  });

  afterAll(() => home.remove());

  // The default sample: ~100,000 raw records placed at incoming/dt={logicalDate}/ (10-20 s here).
  it("runs the shipped 100,000-record sample, mapping ScoreStage over the Glue job's 4 part files", async () => {
    // Arrange
    const args = [
      'start',
      '--workflow',
      'batch',
      '--logical-date',
      '2026-03-10',
      '--execution-id',
      'batch-sample',
      '--json',
    ];

    // Act
    const result = await runCli(args, { home: home.path });
    const status = await runCli(['status', 'batch-sample'], { home: home.path });

    // Assert
    expect(result.code).toBe(0);
    const body = onlyJson(result);
    expect(body).toMatchObject({
      executionId: 'batch-sample',
      workflow: 'batch',
      status: 'SUCCEEDED',
      logicalDate: '2026-03-10',
    });
    const stages = body.stages as Row[];
    expect(stages.map((s) => [s.name, s.status])).toEqual(
      STAGES.map((name) => [name, 'SUCCEEDED']),
    );
    expect(stages[0]?.received).toBeGreaterThanOrEqual(100_000);
    const [, filter, heavy, score] = stages;
    expect(heavy?.output).toBe(
      's3://ceap-local-data/executions/batch-sample/HeavyETLStage/output.json',
    );
    expect(heavy?.received).toBe(filter?.records);
    expect(score).toMatchObject({
      iterations: 4,
      failedIterations: 0,
      received: heavy?.records,
      output: 's3://ceap-local-data/executions/batch-sample/ScoreStage/output.json',
    });
    for (const { name, received, records, rejected, filtered } of stages) {
      expect([name, received]).toEqual([name, records + rejected + filtered]);
    }
    expect(status.stdout).toMatch(/ScoreStage\s+SUCCEEDED(\s+\S+){6}\s+4\n/);
  }, 120_000);

  it("reads the Glue stage's output: records with the RFM features and a segment", async () => {
    // Arrange / Act
    const result = await runCli(['output', 'batch-sample', '--stage', 'HeavyETLStage'], {
      home: home.path,
    });

    // Assert
    expect(result.code).toBe(0);
    const first = JSON.parse(result.stdout.slice(0, result.stdout.indexOf('\n'))) as Record<
      string,
      unknown
    >;
    expect(first).toEqual(
      expect.objectContaining({
        customerId: expect.any(String),
        frequency: expect.any(Number),
        segment: expect.any(String),
      }),
    );
  });
});
