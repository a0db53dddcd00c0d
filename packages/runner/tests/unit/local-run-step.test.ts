import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineStage, FatalStageError } from '@ceap/core';
import { defineWorkflow, lambda, map } from '@ceap/core/workflow';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { RunnerUsageError, StepTestFailedError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { partsSourceStage, sampleRecords, upperStage } from '../helpers/test-stages.js';

/** One part per record, then a fan-out: Left (a Parallel branch) beside a Map over the parts. */
const fanned = defineWorkflow({
  name: 'fanned',
  type: 'STANDARD',
  steps: [
    lambda(partsSourceStage),
    lambda(upperStage, { name: 'Left', after: [partsSourceStage] }),
    map('PickyStage', { name: 'Each', over: partsSourceStage, toleratedFailureCount: 1 }),
    lambda(upperStage, { name: 'Last', after: ['Left', 'Each'] }),
  ],
});

describe('runStep on the local target: Parallel branches and Map iterations', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;
  const picky = { failingPart: 99 };
  const env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    home = tempDir('ceap-home-run-step-');
    const stages = {
      PartsSourceStage: partsSourceStage,
      UpperStage: upperStage,
      // Reads its failing part when it runs, so a test can break an iteration after the run.
      PickyStage: defineStage({
        name: 'PickyStage',
        async *transform(records, ctx) {
          if (ctx.event.part === picky.failingPart) {
            throw new FatalStageError(`PickyStage refuses part ${picky.failingPart}`);
          }
          yield* records;
        },
      }),
    };
    client = createRunnerClient({
      workflows: { fanned },
      local: { home: home.path, logLevel: 'silent', bindings: { stages }, env },
    });
    const input = { records: sampleRecords() };
    await client.execute({ workflow: 'fanned', executionId: 'f-1', input });
    // f-2: Left (UpperStage) fails in its branch, so Last never runs.
    env.TEST_UPPER_BROKEN = '1';
    await client.execute({ workflow: 'fanned', executionId: 'f-2', input }).catch(() => undefined);
    delete env.TEST_UPPER_BROKEN;
  });

  afterAll(async () => {
    await client.close();
    home.remove();
  });

  it('runs a step of a Parallel branch with the counts the execution recorded', async () => {
    // Arrange
    const row = (await client.describe('f-1')).stages.find((stage) => stage.name === 'Left');

    // Act
    const run = await client.runStep({ workflow: 'fanned', step: 'Left', executionId: 'f-1' });

    // Assert
    expect(run).toMatchObject({
      testRun: 1,
      received: row?.received,
      records: row?.records,
      rejected: row?.rejected,
    });
    expect(run.results[0]?.key).toBe('executions/f-1/Left/test-1/output.json');
  });

  it('runs every iteration of a Map step, or the one --iteration names', async () => {
    // Arrange
    const row = (await client.describe('f-1')).stages.find((stage) => stage.name === 'Each');
    const request = { workflow: 'fanned', step: 'Each', executionId: 'f-1' };

    // Act
    const all = await client.runStep(request);
    const one = await client.runStep({ ...request, iteration: 1 });

    // Assert
    expect(all.iterations).toEqual([...Array(row?.iterations ?? 0).keys()]);
    expect(all.received).toBe(row?.received);
    expect(all.results.map((result) => result.key)).toContain(
      'executions/f-1/Each/test-1/output.json/part-00001.json',
    );
    expect(one).toMatchObject({ testRun: 2, iterations: [1], received: 1 });
  });

  it('runs a step that failed in the execution (after a fix), and refuses the join that never ran', async () => {
    // Arrange
    const rows = (await client.describe('f-2')).stages;
    const source = rows.find((stage) => stage.name === 'PartsSourceStage');
    const request = { workflow: 'fanned', executionId: 'f-2' };

    // Act
    const left = await client.runStep({ ...request, step: 'Left' });
    const last = await client.runStep({ ...request, step: 'Last' }).catch((e: Error) => e);

    // Assert
    expect(rows.find((stage) => stage.name === 'Left')?.status).toBe('FAILED');
    expect(left).toMatchObject({ testRun: 1, received: source?.records, records: source?.records });
    expect((last as Error).message).toContain(
      'step "Last" never received input in execution "f-2"',
    );
  });

  it('fails with StepTestFailedError when an iteration fails, and refuses an iteration that never ran', async () => {
    // Arrange
    picky.failingPart = 0;
    const request = { workflow: 'fanned', step: 'Each', executionId: 'f-1' };

    // Act
    const failing = await client.runStep({ ...request, iteration: 0 }).catch((e: Error) => e);
    const missing = await client.runStep({ ...request, iteration: 500 }).catch((e: Error) => e);

    // Assert
    expect(failing).toBeInstanceOf(StepTestFailedError);
    expect((failing as Error).message).toContain('Each test-3 failed: FatalStageError');
    expect(missing).toBeInstanceOf(RunnerUsageError);
    expect((missing as Error).message).toContain(
      'iteration 500 of step "Each" never received input',
    );
  });

  it('replays past a sibling branch with no recorded result: it waits, so the Map still gets every iteration', async () => {
    // Arrange
    picky.failingPart = 99;
    await client.execute({
      workflow: 'fanned',
      executionId: 'f-3',
      input: { records: sampleRecords() },
    });
    const row = (await client.describe('f-3')).stages.find((stage) => stage.name === 'Each');
    // As if Left had not succeeded: its manifest entry goes (the embedded S3 keeps objects as files).
    const manifest = join(home.path, 's3', 'ceap-local-data', 'executions', 'f-3', '_manifest');
    for (const file of readdirSync(manifest).filter((name) => name.startsWith('Left.json'))) {
      rmSync(join(manifest, file));
    }

    // Act
    const each = await client.runStep({ workflow: 'fanned', step: 'Each', executionId: 'f-3' });

    // Assert
    expect(each.iterations).toEqual([...Array(row?.iterations ?? 0).keys()]);
    expect(each.received).toBe(row?.received);
  });
});
