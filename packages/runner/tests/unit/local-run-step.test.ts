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
      local: { home: home.path, logLevel: 'silent', bindings: { stages } },
    });
    await client.execute({
      workflow: 'fanned',
      executionId: 'f-1',
      input: { records: sampleRecords() },
    });
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
});
