import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { readLocalData } from '../helpers/redrive-workflow.js';
import { onlyJson, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { workersExited } from '../helpers/workers.js';

/** Three batch runs of 200 records and two redrives, under load. */
const BUDGET_MS = 240_000;
const REUSED = ['ETLStage', 'FilterStage', 'HeavyETLStage'];

interface Row {
  name: string;
  status: string;
  received?: number;
  records?: number;
  rejected?: number;
  filtered?: number;
}

function counts(rows: Row[]): unknown[] {
  return rows.map((r) => [r.name, r.status, r.received, r.records, r.rejected, r.filtered]);
}

describe('pnpm runner redrive (spawned CLI, batch on 200 records)', () => {
  let home: ReturnType<typeof tempDir>;
  let input: string;

  beforeAll(() => {
    home = tempDir('ceap-e2e-redrive-');
    const sample = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/realtime-input.json'), 'utf8'),
    ) as { logicalDate: string; records: unknown[] };
    input = join(home.path, 'input.json');
    writeFileSync(
      input,
      JSON.stringify({ logicalDate: sample.logicalDate, records: sample.records.slice(0, 200) }),
    );
  });

  afterAll(async () => {
    await workersExited(home.path);
    home.remove();
  });

  const batch = (id: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) =>
    runCli(
      ['start', '--workflow', 'batch', '--input', input, '--execution-id', id, '--json', ...extra],
      {
        home: home.path,
        env,
      },
    );

  it(
    'resumes a run that failed at ScoreStage after the fix: ETL, Filter and HeavyETL not rerun, outputs untouched, counts as a clean run',
    async () => {
      // Arrange
      const failed = await batch('rd-fail', { CEAP_SCORE_MODEL: '{"not": "a model"' });
      const prefixes = REUSED.map((step) => `executions/rd-fail/${step}/`);
      const before = await readLocalData(join(home.path, 's3'), 'rd-fail', prefixes);
      const clean = await batch('rd-clean');

      // Act
      const redriven = await runCli(['redrive', 'rd-fail', '--json'], { home: home.path });
      const status = await runCli(['status', 'rd-fail'], { home: home.path });
      const after = await readLocalData(join(home.path, 's3'), 'rd-fail', prefixes);

      // Assert
      expect(failed.code).toBe(1);
      const failedRows = onlyJson(failed).stages as Row[];
      expect(failedRows.find((r) => r.name === 'ScoreStage')?.status).toBe('FAILED');
      expect(redriven.code).toBe(0);
      const body = onlyJson(redriven);
      expect(body).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(body.attempts).toMatchObject([
        { attempt: 1, status: 'FAILED' },
        { attempt: 2, status: 'SUCCEEDED' },
      ]);
      for (const step of REUSED) {
        expect([step, after.manifest?.stages[step]?.startedAt]).toEqual([
          step,
          before.manifest?.stages[step]?.startedAt,
        ]);
      }
      expect(Object.keys(before.stamps).length).toBeGreaterThanOrEqual(REUSED.length);
      expect(after.stamps).toEqual(before.stamps);
      expect(counts(body.stages as Row[])).toEqual(counts(onlyJson(clean).stages as Row[]));
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('Redriven 1 time');
      expect(status.stdout).toMatch(/attempt 1\s+FAILED/);
    },
    BUDGET_MS,
  );

  it(
    'completes a run stopped with stop, and refuses to redrive it again once it succeeded',
    async () => {
      // Arrange: python3 held at a gate, so the stop finds the Glue step running.
      const gate = join(home.path, 'python-gate.py');
      writeFileSync(
        gate,
        `#!/usr/bin/env python3\nimport os, sys, time\nif sys.argv[1:] != ['--version']:\n    while True:\n        time.sleep(0.05)\nos.execvp('python3', ['python3', *sys.argv[1:]])\n`,
      );
      chmodSync(gate, 0o755);
      const started = await batch('rd-stop', { CEAP_PYTHON: gate }, ['--no-wait']);
      expect(started.code).toBe(0);
      const watcher: RunnerClient = createRunnerClient({ local: { home: home.path } });
      try {
        for (;;) {
          const rows = (await watcher.describe('rd-stop')).stages;
          if (rows.find((r) => r.name === 'HeavyETLStage')?.status === 'RUNNING') break;
          await sleep(50);
        }
      } finally {
        await watcher.close();
      }
      const stopped = await runCli(['stop', 'rd-stop', '--json'], { home: home.path });

      // Act
      const redriven = await runCli(['redrive', 'rd-stop', '--json'], { home: home.path });
      const again = await runCli(['redrive', 'rd-stop'], { home: home.path });

      // Assert
      expect(onlyJson(stopped)).toMatchObject({ status: 'ABORTED' });
      expect(redriven.code).toBe(0);
      expect(onlyJson(redriven)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(
        'execution "rd-stop" is SUCCEEDED; only a FAILED, TIMED_OUT or ABORTED execution can be redriven',
      );
    },
    BUDGET_MS,
  );

  it('refuses an unknown id with exit 2, naming it', async () => {
    // Arrange / Act
    const result = await runCli(['redrive', 'rd-nobody', '--json'], { home: home.path });

    // Assert
    expect(result.code).toBe(2);
    expect(onlyJson(result)).toMatchObject({
      error: 'ExecutionNotFoundError',
      message: expect.stringContaining('"rd-nobody"'),
    });
  });
});
