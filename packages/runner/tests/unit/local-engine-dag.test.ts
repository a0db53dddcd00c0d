import { chain, defineWorkflow, glue, lambda, map, s3Sensor } from '@ceap/core/workflow';
import { createLocalEngine } from '../../src/local/local-engine.js';
import type { LocalStageBindings } from '../../src/local/local-engine-options.js';
import type { StateEvent } from '../../src/local/stage-tracker.js';
import { parseLines, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import {
  copyingGlueExecutor,
  partsSourceStage,
  pickyStage,
  sampleRecords,
  silentLogger,
  sourceStage,
  upperStage,
} from '../helpers/test-stages.js';

const records = [
  { id: 'a', name: 'ada' },
  { id: 'b', name: 'bob' },
  { id: 'c', name: 'cy' },
];

/** PartsSource (one part per record) → Upper mapped over its parts, tolerating one failure. */
const mapped = defineWorkflow({
  name: 'test-mapped',
  type: 'STANDARD',
  steps: [
    lambda(partsSourceStage),
    map(upperStage, { over: partsSourceStage, maxConcurrency: 2, toleratedFailureCount: 1 }),
  ],
});

/** Source → (Upper, Shout) → Join: a fan-out in a Parallel state and a join. */
const fanned = defineWorkflow({
  name: 'test-fanned',
  type: 'EXPRESS',
  steps: [
    lambda(sourceStage),
    lambda(upperStage, { after: [sourceStage] }),
    lambda(upperStage, { name: 'Shout', after: [sourceStage] }),
    lambda(sourceStage, { name: 'Join', after: [upperStage, 'Shout'] }),
  ],
});

describe('local engine on DAGs', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startTestS3();
  });

  afterAll(async () => {
    await s3.stop();
  });

  function engine(bindings: LocalStageBindings) {
    return createLocalEngine({
      ...bindings,
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger(),
      env: {},
    });
  }

  it('lists the part files and runs one iteration per part, whose events reach onEvent', async () => {
    // Arrange
    const events: StateEvent[] = [];
    const stages = { PartsSourceStage: partsSourceStage, UpperStage: upperStage };

    // Act
    const outcome = await engine({ stages }).run({
      workflow: mapped,
      executionId: 'exec-map',
      input: { records },
      onEvent: (event) => events.push(event),
    }).outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({
      UpperStage: {
        iterations: 3,
        failedIterations: 0,
        key: 'executions/exec-map/UpperStage/output.json',
      },
    });
    const entered = events.filter(
      (e) => e.type === 'StateEntered' && e.state?.name === 'UpperStage.iteration',
    );
    expect(entered).toHaveLength(3);
    const part = await s3.getText('executions/exec-map/UpperStage/output.json/part-00001.json');
    expect(parseLines(part)).toEqual([{ id: 'b', name: 'BOB', seenBy: 'exec-map' }]);
  });

  it('counts an iteration that fails within the tolerance, and the step succeeds', async () => {
    // Arrange
    const workflow = defineWorkflow({
      ...mapped,
      name: 'test-picky',
      steps: [
        lambda(partsSourceStage),
        map('PickyStage', { over: partsSourceStage, toleratedFailureCount: 1 }),
      ],
    });
    const stages = { PartsSourceStage: partsSourceStage, PickyStage: pickyStage(2) };

    // Act
    const outcome = await engine({ stages }).run({
      workflow,
      executionId: 'exec-picky',
      input: { records },
    }).outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({ PickyStage: { iterations: 3, failedIterations: 1 } });
  });

  it('runs Parallel branches, whose events reach onEvent, and joins them by name', async () => {
    // Arrange
    const events: StateEvent[] = [];
    const stages = { SourceStage: sourceStage, UpperStage: upperStage };

    // Act
    const outcome = await engine({ stages }).run({
      workflow: fanned,
      executionId: 'exec-fan',
      input: { records: sampleRecords() },
      onEvent: (event) => events.push(event),
    }).outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    const exited = events.filter((e) => e.type === 'StateExited').map((e) => e.state?.name);
    expect(exited).toEqual(expect.arrayContaining(['UpperStage', 'Shout', 'Join']));
    expect(outcome.output).toMatchObject({
      Shout: { status: 'SUCCEEDED', records: 2, key: 'executions/exec-fan/Shout/output.json' },
      Join: { status: 'SUCCEEDED' },
    });
  });

  it('pokes the local data bucket for a sensor whose marker is there', async () => {
    // Arrange
    const workflow = defineWorkflow({
      name: 'test-sensed',
      type: 'STANDARD',
      steps: chain(
        s3Sensor('Ready', { prefix: 'incoming/dt={logicalDate}/_SUCCESS', intervalSeconds: 1 }),
        lambda(sourceStage),
      ),
    });
    await s3.put('incoming/dt=2026-04-01/_SUCCESS', '');
    const events: StateEvent[] = [];

    // Act
    const outcome = await engine({ stages: { SourceStage: sourceStage } }).run({
      workflow,
      executionId: 'exec-sensed',
      input: { logicalDate: '2026-04-01', records: sampleRecords() },
      onEvent: (event) => events.push(event),
    }).outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    const pokes = events.filter((e) => e.type === 'StateEntered' && e.state?.name === 'Ready');
    expect(pokes).toHaveLength(1);
    expect(outcome.output).toMatchObject({ Ready: { status: 'SUCCEEDED' } });
  });

  it('binds a Glue step to the executor of its job, and refuses a job with none', async () => {
    // Arrange
    const workflow = defineWorkflow({
      name: 'test-jobs',
      type: 'STANDARD',
      steps: chain(lambda(sourceStage), glue('Heavy', { job: 'CopyJob' }), lambda(upperStage)),
    });
    const stages = { SourceStage: sourceStage, UpperStage: upperStage };
    const input = { records: sampleRecords(), logicalDate: '2026-04-02' };

    // Act
    const bound = await engine({ stages, glueJobs: { CopyJob: copyingGlueExecutor } }).run({
      workflow,
      executionId: 'exec-job',
      input,
    }).outcome;
    const unbound = await engine({ stages }).run({ workflow, executionId: 'exec-nojob', input })
      .outcome;

    // Assert
    expect(bound.status).toBe('SUCCEEDED');
    expect(unbound).toMatchObject({
      status: 'FAILED',
      error: 'ConfigurationError',
      cause: expect.stringContaining('no Glue executor for job "CopyJob"'),
      failedState: 'Heavy',
    });
  });
});
