import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunnerClient, type ExecutionDescription, type RunnerClient } from '@ceap/runner';
import config, { candidates } from '../ceap.config';

const input = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'input.json'), 'utf8'));

describe('the candidates workflow on the local engine', () => {
  let home: string;
  let client: RunnerClient;
  let run: ExecutionDescription;

  beforeAll(async () => {
    // A scratch home: its own embedded S3 data and execution index, removed afterwards.
    home = mkdtempSync(join(tmpdir(), 'ceap-test-'));
    const stages = Object.fromEntries((config.stages ?? []).map((stage) => [stage.name, stage]));
    client = createRunnerClient({
      workflows: { [candidates.name]: candidates },
      local: { home, bindings: { stages } },
    });
    run = await client.execute({ workflow: candidates.name, input });
  });

  afterAll(async () => {
    await client.close(); // stops the embedded S3 server
    rmSync(home, { recursive: true, force: true });
  });

  it('runs every step and accounts for every record: stored, rejected or filtered', () => {
    // Assert
    expect(run.status).toBe('SUCCEEDED');
    expect(run.stages.map((step) => step.name)).toEqual(candidates.steps.map((s) => s.name));
    const stored = run.stages.at(-1)?.records ?? 0;
    const dropped = run.stages.reduce(
      (sum, step) => sum + (step.rejected ?? 0) + (step.filtered ?? 0),
      0,
    );
    expect(stored).toBeGreaterThan(0);
    expect(stored + dropped).toBe(input.records.length);
  });

  it('rejects, with its reason, a candidate without sessions', async () => {
    // Act
    const rejects = await client.rejects(run.executionId, { step: 'EngagementStage' });
    const reasons: unknown[] = [];
    for await (const reject of rejects.records) reasons.push(reject.reason);

    // Assert
    expect(rejects.rejected).toBeGreaterThan(0);
    expect(reasons).toEqual(Array(rejects.rejected).fill('missing-sessions'));
  });

  it('tags each stored candidate with engaged and a score', async () => {
    // Act
    const stored = [];
    for await (const record of client.output(run.executionId, 'StoreStage')) stored.push(record);

    // Assert
    expect(stored.length).toBe(run.stages.at(-1)?.records);
    for (const record of stored) {
      expect(typeof record.engaged).toBe('boolean');
      expect(typeof record.score).toBe('number');
    }
  });
});
