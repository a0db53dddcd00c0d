import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createRunnerClient } from '../../src/client/runner-client.js';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempProject, USER_PROJECT_FIXTURE } from '../helpers/temp-project.js';
import { workersExited } from '../helpers/workers.js';

interface Listing {
  config: string | null;
  workflows: { name: string; type: string; steps: number; schedule: unknown; config: string }[];
}

describe('ceap in a project of its own: ceap.config.ts discovered, listed, validated and run', () => {
  let project: ReturnType<typeof tempProject>;
  let home: ReturnType<typeof tempDir>;
  let config: string;

  beforeAll(() => {
    project = tempProject({}, USER_PROJECT_FIXTURE);
    home = tempDir('ceap-e2e-project-home-');
    config = join(realpathSync(project.path), 'ceap.config.ts');
  });

  afterAll(() => {
    project.remove();
    home.remove();
  });

  it('lists the config’s workflows with type, steps, schedule and file', async () => {
    // Arrange
    const options = { home: home.path, cwd: project.path };

    // Act
    const human = await runCli(['workflows'], options);
    const json = await runCli(['workflows', '--json'], options);

    // Assert
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^tiered\s+EXPRESS\s+4\s+-\s+\S*ceap\.config\.ts$/m);
    expect(human.stdout).toMatch(
      /^tiered-nightly\s+STANDARD\s+2\s+cron\(0 3 \* \* \? \*\) Europe\/Dublin\s+\S*ceap\.config\.ts$/m,
    );
    expect(human.stdout).not.toContain('realtime');
    expect(json.code).toBe(0);
    const listing = onlyJson(json) as unknown as Listing;
    expect(realpathSync(listing.config as string)).toBe(config);
    expect(listing.workflows.map((w) => [w.name, w.type, w.steps, w.schedule])).toEqual([
      ['tiered', 'EXPRESS', 4, null],
      [
        'tiered-nightly',
        'STANDARD',
        2,
        { expression: 'cron(0 3 * * ? *)', timeZone: 'Europe/Dublin' },
      ],
    ]);
  });

  it('finds the config by walking up from a subdirectory', async () => {
    // Arrange
    const below = join(project.path, 'src', 'deeper');
    mkdirSync(below, { recursive: true });

    // Act
    const result = await runCli(['workflows', '--json'], { home: home.path, cwd: below });

    // Assert
    expect(result.code).toBe(0);
    expect(realpathSync((onlyJson(result) as unknown as Listing).config as string)).toBe(config);
  });

  it('takes the config from --config anywhere, and keeps the shipped workflows without one', async () => {
    // Arrange
    const elsewhere = tempDir('ceap-e2e-no-config-');
    try {
      // Act
      const given = await runCli(['workflows', '--config', config, '--json'], {
        home: home.path,
        cwd: elsewhere.path,
      });
      const none = await runCli(['workflows', '--json'], { home: home.path, cwd: elsewhere.path });

      // Assert
      expect((onlyJson(given) as unknown as Listing).workflows.map((w) => w.name)).toEqual([
        'tiered',
        'tiered-nightly',
      ]);
      const shipped = onlyJson(none) as unknown as Listing;
      expect(shipped.config).toBeNull();
      expect(shipped.workflows.map((w) => w.name)).toEqual(['realtime', 'batch', 'guarded-batch']);
    } finally {
      elsewhere.remove();
    }
  });

  it('validates every workflow: exit 0, each compiled and bound', async () => {
    // Arrange
    const options = { home: home.path, cwd: project.path };

    // Act
    const human = await runCli(['validate'], options);
    const json = await runCli(['validate', '--json'], options);

    // Assert
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ok\s+tiered\n/);
    expect(human.stdout).toContain('2 workflows valid');
    expect(json.code).toBe(0);
    expect(onlyJson(json)).toMatchObject({
      valid: true,
      workflows: [
        { workflow: 'tiered', valid: true, problems: [] },
        { workflow: 'tiered-nightly', valid: true, problems: [] },
      ],
    });
  });

  it('runs the project’s workflow on the local engine, its own stage among the shipped ones', async () => {
    // Arrange
    const options = { home: home.path, cwd: project.path };

    // Act
    const started = await runCli(
      ['start', '--workflow', 'tiered', '--input', 'input.json', '--json'],
      options,
    );
    const run = onlyJson(started) as {
      executionId: string;
      status: string;
      stages: { name: string; status: string; records: number; received: number }[];
    };
    const tiered = await runCli(['output', run.executionId, '--stage', 'TierStage'], options);

    // Assert
    expect(started.code).toBe(0);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.stages.map((s) => [s.name, s.status])).toEqual([
      ['ETLStage', 'SUCCEEDED'],
      ['TierStage', 'SUCCEEDED'],
      ['FilterStage', 'SUCCEEDED'],
      ['ScoreStage', 'SUCCEEDED'],
    ]);
    const [etl, tier] = run.stages;
    expect(tier?.received).toBe(etl?.records);
    const records = tiered.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { totalSpend: number; tier: string });
    expect(records).toHaveLength(tier?.records as number);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.tier).toBe(record.totalSpend >= 100 ? 'gold' : 'standard');
    }
  });

  it('keeps local state in .ceap/ beside the config when CEAP_HOME is not set', async () => {
    // Arrange
    const below = join(project.path, 'src');
    const args = ['start', '--workflow', 'tiered', '--execution-id', 'tiered-home', '--json'];

    // Act
    const result = await runCli([...args, '--input', '../input.json'], {
      home: home.path,
      cwd: below,
      env: { CEAP_HOME: '' },
    });

    // Assert
    expect(result.code).toBe(0);
    expect(existsSync(join(project.path, '.ceap', 'executions', 'tiered-home.json'))).toBe(true);
    expect(existsSync(join(below, '.ceap'))).toBe(false);
  });

  it('hands a --no-wait start to a worker that loads the same --config', async () => {
    // Arrange: run from outside the project, so only --config finds it
    const elsewhere = tempDir('ceap-e2e-elsewhere-');
    const watcher = createRunnerClient({ local: { home: home.path } });
    const args = ['start', '--workflow', 'tiered', '--config', config, '--no-wait', '--json'];
    try {
      // Act
      const started = await runCli(
        [...args, '--input', join(project.path, 'input.json'), '--execution-id', 'tiered-detached'],
        { home: home.path, cwd: elsewhere.path },
      );
      const finished = await (await watcher.getHandle('tiered-detached')).result();

      // Assert
      expect(started.code).toBe(0);
      expect(onlyJson(started)).toMatchObject({ workflow: 'tiered', status: 'RUNNING' });
      expect(finished.status).toBe('SUCCEEDED');
      expect(finished.stages.map((stage) => stage.name)).toEqual([
        'ETLStage',
        'TierStage',
        'FilterStage',
        'ScoreStage',
      ]);
    } finally {
      await watcher.close();
      await workersExited(home.path);
      elsewhere.remove();
    }
  });
});
