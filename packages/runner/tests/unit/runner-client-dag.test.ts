import { chain, defineWorkflow, lambda, map, s3Sensor, type Workflow } from '@ceap/core/workflow';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { ExecutionFailedError } from '../../src/errors.js';
import type { ExecutionDescription } from '../../src/execution-types.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  partsSourceStage,
  pickyStage,
  sampleRecords,
  sourceStage,
} from '../helpers/test-stages.js';

/** Waits for a marker that never comes: polled every second, for at most 2 s. */
function sensed(softFail: boolean): Workflow {
  return defineWorkflow({
    name: softFail ? 'sensed-soft' : 'sensed',
    type: 'STANDARD',
    steps: chain(
      s3Sensor('Ready', {
        prefix: 'incoming/dt={logicalDate}/_READY',
        intervalSeconds: 1,
        timeoutSeconds: 2,
        softFail,
      }),
      lambda(sourceStage),
    ),
  });
}

/** One part per record, then PickyStage mapped over the parts, tolerating `tolerated` failures. */
function mapped(tolerated: number): Workflow {
  return defineWorkflow({
    name: `mapped-${tolerated}`,
    type: 'STANDARD',
    steps: [
      lambda(partsSourceStage),
      map('PickyStage', { over: partsSourceStage, toleratedFailureCount: tolerated }),
    ],
  });
}

const WORKFLOWS = {
  sensed: sensed(false),
  'sensed-soft': sensed(true),
  'mapped-0': mapped(0),
  'mapped-1': mapped(1),
};

describe('runner client on DAG workflows (local target)', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;

  beforeEach(() => {
    home = tempDir('ceap-home-dag-');
    client = createRunnerClient({
      workflows: WORKFLOWS,
      local: {
        home: home.path,
        logLevel: 'silent',
        bindings: {
          stages: {
            SourceStage: sourceStage,
            PartsSourceStage: partsSourceStage,
            PickyStage: pickyStage(1),
          },
        },
      },
    });
  });

  afterEach(async () => {
    await client.close();
    home.remove();
  });

  async function settle(workflow: string, executionId: string): Promise<ExecutionDescription> {
    const handle = await client.start({
      workflow,
      executionId,
      input: { records: sampleRecords() },
      logicalDate: '2026-05-01',
    });
    await handle.result().catch((error: unknown) => {
      if (!(error instanceof ExecutionFailedError)) throw error;
    });
    return client.describe(executionId);
  }

  it('fails a sensor that times out with ceap.SensorTimeout, and runs nothing after it', async () => {
    // Arrange / Act
    const description = await settle('sensed', 'sensor-late');

    // Assert
    expect(description).toMatchObject({
      status: 'FAILED',
      error: 'ceap.SensorTimeout',
      cause: expect.stringContaining('incoming/dt={logicalDate}/_READY'),
      failedState: 'Ready.timedOut',
    });
    expect(description.stages).toMatchObject([
      { name: 'Ready', status: 'FAILED', error: 'ceap.SensorTimeout' },
      { name: 'SourceStage', status: 'PENDING' },
    ]);
  });

  it('skips a soft sensor that times out and what needs it, and the run succeeds', async () => {
    // Arrange / Act
    const description = await settle('sensed-soft', 'sensor-soft');

    // Assert
    expect(description.status).toBe('SUCCEEDED');
    expect(description.stages).toMatchObject([
      { name: 'Ready', status: 'SKIPPED', cause: expect.stringContaining('_READY') },
      { name: 'SourceStage', status: 'SKIPPED' },
    ]);
    expect(description.output).toBeUndefined();
  });

  it('succeeds with a Map iteration that failed within the tolerance, and shows it', async () => {
    // Arrange / Act
    const description = await settle('mapped-1', 'map-tolerated');

    // Assert
    expect(description.status).toBe('SUCCEEDED');
    expect(description.stages[1]).toMatchObject({
      name: 'PickyStage',
      status: 'SUCCEEDED',
      iterations: 2,
      failedIterations: 1,
      received: 1,
      records: 1,
      output: 's3://ceap-local-data/executions/map-tolerated/PickyStage/output.json',
    });
    expect(description.output).toBe(description.stages[1]?.output);
  });

  it('fails the Map when more iterations fail than it tolerates', async () => {
    // Arrange / Act
    const description = await settle('mapped-0', 'map-intolerant');

    // Assert
    expect(description).toMatchObject({
      status: 'FAILED',
      error: 'ceap.MapToleranceExceeded',
      failedState: 'PickyStage.tooManyFailures',
    });
    expect(description.stages[1]).toMatchObject({ name: 'PickyStage', status: 'FAILED' });
  });
});
