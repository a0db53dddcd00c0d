import { join } from 'node:path';
import { readLocalData } from '../helpers/redrive-workflow.js';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Two realtime runs and six run-steps, under load. */
const BUDGET_MS = 120_000;

interface Row {
  name: string;
  received?: number;
  records?: number;
  rejected?: number;
  filtered?: number;
}

describe('pnpm runner run-step (spawned CLI, realtime)', () => {
  let home: ReturnType<typeof tempDir>;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { home: home.path, env });
  const s3Directory = () => join(home.path, 's3');

  beforeAll(() => {
    home = tempDir('ceap-e2e-run-step-');
  });

  afterAll(() => {
    home.remove();
  });

  it(
    'runs FilterStage on the execution input it had: the counts of status, test-1 then test-2, the real output untouched',
    async () => {
      // Arrange
      const started = await cli(['start', '--workflow', 'realtime', '--execution-id', 'rs-ok']);
      const status = onlyJson(await cli(['status', 'rs-ok', '--json']));
      const row = (status.stages as Row[]).find((r) => r.name === 'FilterStage') as Row;
      const before = await readLocalData(s3Directory(), 'rs-ok', ['executions/rs-ok/FilterStage/']);

      // Act
      const first = await cli([
        'run-step',
        'realtime',
        'FilterStage',
        '--execution-id',
        'rs-ok',
        '--json',
      ]);
      const second = await cli(['run-step', 'realtime', 'FilterStage', '--execution-id', 'rs-ok']);
      const after = await readLocalData(s3Directory(), 'rs-ok', ['executions/rs-ok/FilterStage/']);

      // Assert
      expect(started.code).toBe(0);
      expect(first.code).toBe(0);
      const run = onlyJson(first);
      expect(run).toMatchObject({
        executionId: 'rs-ok',
        step: 'FilterStage',
        testRun: 1,
        folder: 's3://ceap-local-data/executions/rs-ok/FilterStage/test-1/',
        received: row.received,
        records: row.records,
        rejected: row.rejected,
        filtered: row.filtered,
        filteredBy: before.manifest?.stages.FilterStage?.filteredBy,
      });
      expect(row.filtered).toBeGreaterThan(0);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('FilterStage test-2 of execution rs-ok');
      expect(second.stdout).toContain(`received=${row.received} out=${row.records}`);
      const own = (stamps: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(stamps).filter(([key]) => !key.includes('/test-')));
      expect(own(after.stamps)).toEqual(own(before.stamps));
      expect(before.stamps['executions/rs-ok/FilterStage/output.json']?.size).toBe(
        before.manifest?.stages.FilterStage?.bytes,
      );
      expect(after.manifest?.stages.FilterStage).toEqual(before.manifest?.stages.FilterStage);
      expect(Object.keys(after.stamps)).toEqual(
        expect.arrayContaining([
          'executions/rs-ok/FilterStage/test-1/output.json',
          'executions/rs-ok/FilterStage/test-2/output.json',
        ]),
      );
    },
    BUDGET_MS,
  );

  it(
    "prints ETLStage's counts by reason and its first 10 rejects",
    async () => {
      // Arrange
      const status = onlyJson(await cli(['status', 'rs-ok', '--json']));
      const row = (status.stages as Row[]).find((r) => r.name === 'ETLStage') as Row;

      // Act
      const result = await cli(['run-step', 'realtime', 'ETLStage', '--execution-id', 'rs-ok']);

      // Assert
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`rejected=${row.rejected}`);
      expect(result.stdout).toMatch(/rejected by reason: invalid-number=\d+/);
      expect(result.stdout).toContain(`First 10 of ${row.rejected} rejects:`);
      const rejects = result.stdout.split('\n').filter((line) => line.startsWith('{"reason"'));
      expect(rejects).toHaveLength(10);
    },
    BUDGET_MS,
  );

  it(
    'exits 1 when the stage fails, and 2 naming a step that never received input',
    async () => {
      // Arrange
      const broken = { CEAP_SCORE_MODEL: '{"bad"' };
      await cli(['start', '--workflow', 'realtime', '--execution-id', 'rs-fail'], broken);

      // Act
      const failing = await cli(
        ['run-step', 'realtime', 'ScoreStage', '--execution-id', 'rs-ok', '--json'],
        broken,
      );
      const never = await cli(['run-step', 'realtime', 'StoreStage', '--execution-id', 'rs-fail']);

      // Assert
      expect(failing.code).toBe(1);
      expect(onlyJson(failing)).toMatchObject({
        error: 'StepTestFailedError',
        message: expect.stringContaining('ScoreStage test-1 failed: ConfigurationError'),
      });
      expect(never.code).toBe(2);
      expect(never.stderr).toContain(
        'step "StoreStage" never received input in execution "rs-fail"',
      );
    },
    BUDGET_MS,
  );

  it.each([
    [['nope', 'FilterStage', '--execution-id', 'rs-ok'], 'workflow "nope" is not known'],
    [['realtime', 'Nope', '--execution-id', 'rs-ok'], 'workflow "realtime" has no step "Nope"'],
    [['realtime', 'FilterStage', '--execution-id', 'missing'], 'execution "missing" was not found'],
    [
      ['realtime', 'FilterStage', '--execution-id', 'rs-ok', '--iteration', '1'],
      '--iteration 1: step "FilterStage" is not a Map step',
    ],
    [['batch', 'HeavyETLStage', '--execution-id', 'rs-ok'], 'step "HeavyETLStage" is a Glue job'],
    [
      ['batch', 'ScoreStage', '--execution-id', 'rs-ok'],
      'execution "rs-ok" is a run of workflow "realtime", not "batch"',
    ],
  ])(
    'exits 2 for run-step %j',
    async (args, message) => {
      // Arrange
      const command = ['run-step', ...args];

      // Act
      const result = await cli(command);

      // Assert
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    },
    BUDGET_MS,
  );
});
