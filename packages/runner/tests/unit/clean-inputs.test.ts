import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sampleRecords, TEST_WORKFLOWS, testBindings } from '../helpers/test-stages.js';

/**
 * A local run keeps a copy of its input (names, emails) under `inputs/`: `clean` must delete it
 * with its execution, with whatever a killed process left beside it, and any copy whose
 * execution is gone, and say how many it deleted.
 */
describe('clean deletes the input copies of local executions', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;
  const folder = (name: string) => readdirSync(join(home.path, name)).sort();

  beforeEach(async () => {
    home = tempDir('ceap-clean-inputs-');
    client = createRunnerClient({
      workflows: TEST_WORKFLOWS,
      local: { home: home.path, bindings: testBindings, logLevel: 'silent' },
    });
    for (const executionId of ['old-run', 'new-run']) {
      const handle = await client.start({
        workflow: 'test-realtime',
        executionId,
        input: { records: sampleRecords() },
      });
      await handle.result();
    }
    // What a process killed while writing leaves, and a copy whose record was deleted by hand.
    writeFileSync(join(home.path, 'executions', '.old-run.4242.abcd0123.tmp'), '{"execu');
    writeFileSync(join(home.path, 'inputs', '.old-run.4242.0123abcd.tmp'), '{"records":[{"em');
    writeFileSync(join(home.path, 'inputs', 'orphan.json'), '{"records":[]}');
  });

  afterEach(async () => {
    await client.close();
    home.remove();
  });

  it('--dry-run counts the copies it would delete and deletes none', async () => {
    // Arrange
    const before = [folder('executions'), folder('inputs')];

    // Act
    const report = await client.clean({ keep: 1, dryRun: true });

    // Assert
    expect(report).toMatchObject({ dryRun: true, executions: ['old-run'], inputs: 2 });
    expect([folder('executions'), folder('inputs')]).toEqual(before);
  });

  it("deletes an execution's input with it, the temp files left beside it, and orphan copies", async () => {
    // Arrange
    const kept = join(home.path, 'inputs', 'new-run.json');

    // Act
    const report = await client.clean({ keep: 1 });

    // Assert
    expect(report).toMatchObject({ dryRun: false, executions: ['old-run'], inputs: 2 });
    expect(folder('inputs')).toEqual(['new-run.json']);
    expect(folder('executions')).toEqual(['new-run.json']);
    expect(existsSync(kept)).toBe(true);
    expect((await client.list({})).map((execution) => execution.executionId)).toEqual(['new-run']);
  });

  it('deletes an orphan copy only once it is older than --older-than', async () => {
    // Arrange
    const now = new Date();

    // Act
    const young = await client.clean({ olderThanMs: 60_000, now });
    const aged = await client.clean({
      olderThanMs: 60_000,
      now: new Date(now.getTime() + 120_000),
    });

    // Assert
    expect(young).toMatchObject({ executions: [], inputs: 0 });
    expect(aged).toMatchObject({ executions: ['new-run', 'old-run'], inputs: 3 });
    expect(folder('inputs')).toEqual([]);
    expect(folder('executions')).toEqual([]);
  });
});
