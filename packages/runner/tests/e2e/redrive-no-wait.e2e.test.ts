import { join } from 'node:path';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { readLocalData } from '../helpers/redrive-workflow.js';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { workersExited } from '../helpers/workers.js';

/** A failed realtime run, a detached redrive, and its worker, under load. */
const BUDGET_MS = 120_000;
const REUSED = ['ETLStage', 'FilterStage'];

describe('pnpm runner redrive --no-wait (the detached redrive)', () => {
  let home: ReturnType<typeof tempDir>;
  let watcher: RunnerClient;

  beforeAll(() => {
    home = tempDir('ceap-e2e-redrive-no-wait-');
    // Reading the index needs no S3: this client only watches what the CLI's worker runs.
    watcher = createRunnerClient({ local: { home: home.path } });
  });

  afterAll(async () => {
    await watcher.close();
    await workersExited(home.path);
    home.remove();
  });

  it(
    'returns once the redrive is under way; the worker resumes at ScoreStage and the run succeeds',
    async () => {
      // Arrange
      const broken = { CEAP_SCORE_MODEL: '{"bad"' };
      const args = ['start', '--workflow', 'realtime', '--execution-id', 'rnw-1'];
      const failed = await runCli(args, { home: home.path, env: broken });
      const prefixes = REUSED.map((step) => `executions/rnw-1/${step}/`);
      const before = await readLocalData(join(home.path, 's3'), 'rnw-1', prefixes);

      // Act
      const redriven = await runCli(['redrive', 'rnw-1', '--no-wait', '--json'], {
        home: home.path,
      });
      const finished = await (await watcher.getHandle('rnw-1')).result();
      await workersExited(home.path);
      const after = await readLocalData(join(home.path, 's3'), 'rnw-1', prefixes);

      // Assert
      expect(failed.code).toBe(1);
      expect(redriven.code).toBe(0);
      expect(onlyJson(redriven)).toMatchObject({
        executionId: 'rnw-1',
        status: 'RUNNING',
        redriveCount: 1,
      });
      expect(finished.status).toBe('SUCCEEDED');
      expect(finished.attempts?.map((attempt) => attempt.status)).toEqual(['FAILED', 'SUCCEEDED']);
      expect(after.stamps).toEqual(before.stamps);
      expect(Object.keys(before.stamps).length).toBeGreaterThan(0);
    },
    BUDGET_MS,
  );

  it('refuses a SUCCEEDED execution with exit 2, naming its status', async () => {
    // Act
    const again = await runCli(['redrive', 'rnw-1', '--no-wait'], { home: home.path });

    // Assert
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('execution "rnw-1" is SUCCEEDED');
  });
});
