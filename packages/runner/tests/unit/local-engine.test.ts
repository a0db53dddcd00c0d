import type { S3Client } from '@aws-sdk/client-s3';
import { logicalInputKey } from '@ceap/core';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { ExecutionStatus } from '../../src/constants.js';
import { createLocalEngine } from '../../src/local/local-engine.js';
import type { LocalStageBindings } from '../../src/local/local-engine-options.js';
import { StageTracker, type StateEvent } from '../../src/local/stage-tracker.js';
import { parseLines, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import {
  flakyStage,
  sampleRecords,
  silentLogger,
  sourceStage,
  testBatchWorkflow,
  testBindings,
  testRealtimeWorkflow,
} from '../helpers/test-stages.js';

describe('local engine', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startTestS3();
  });

  afterAll(async () => {
    await s3.stop();
  });

  function engine(
    bindings: LocalStageBindings = testBindings,
    env: NodeJS.ProcessEnv = {},
    client?: S3Client,
  ) {
    return createLocalEngine({
      ...bindings,
      s3: client ?? s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger(),
      env,
      retryIntervalOverrides: { FlakyStage: 10, HeavyStage: 10 },
    });
  }

  it('runs the compiled ASL with $$.Execution.Name reaching every stage', async () => {
    // Arrange
    const run = engine().run({
      workflow: testRealtimeWorkflow,
      executionId: 'exec-1',
      input: { records: sampleRecords() },
    });

    // Act
    const outcome = await run.outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toMatchObject({
      UpperStage: { status: 'SUCCEEDED', stage: 'UpperStage', records: 2, executionId: 'exec-1' },
    });
    const records = parseLines(await s3.getText('executions/exec-1/UpperStage/output.json'));
    expect(records).toEqual([
      { id: 'a', name: 'ADA', seenBy: 'exec-1' },
      { id: 'b', name: 'BOB', seenBy: 'exec-1' },
    ]);
    expect(run.executionArn).toBe(
      'arn:aws:states:local:000000000000:execution:test-realtime:exec-1',
    );
  });

  it('binds a Glue step to the executor with the arguments the ASL sends', async () => {
    // Arrange
    const calls: Record<string, string>[] = [];
    const bindings: LocalStageBindings = {
      ...testBindings,
      createGlueExecutor: (deps) => {
        const inner = testBindings.createGlueExecutor?.(deps);
        return {
          run: (args) => {
            calls.push({ ...args });
            return inner?.run(args) as ReturnType<NonNullable<typeof inner>['run']>;
          },
        };
      },
    };

    // Act
    const outcome = await engine(bindings).run({
      workflow: testBatchWorkflow,
      executionId: 'exec-glue',
      input: { records: sampleRecords(), logicalDate: '2026-01-02' },
    }).outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    expect(calls).toEqual([
      {
        '--executionId': 'exec-glue',
        '--workflow': 'test-batch',
        '--bucket': TEST_BUCKET,
        '--inputKey': 'executions/exec-glue/SourceStage/output.json',
        '--outputKey': 'executions/exec-glue/HeavyStage/output.json',
        '--logicalDate': '2026-01-02',
        // The run key of the execution input, carried from the first step.
        '--runKey': logicalInputKey(
          { records: sampleRecords(), logicalDate: '2026-01-02' },
          '2026-01-02',
        ),
      },
    ]);
    expect(
      parseLines(await s3.getText('executions/exec-glue/UpperStage/output.json')),
    ).toHaveLength(2);
  });

  it('retries a RetryableStageError as the ASL says, and reports each retry as an event', async () => {
    // Arrange
    const flaky = flakyStage(2);
    const workflow = defineWorkflow({
      name: 'test-flaky',
      type: 'EXPRESS',
      steps: chain(lambda(sourceStage), lambda(flaky)),
    });
    const events: StateEvent[] = [];

    // Act
    const outcome = await engine({ stages: { SourceStage: sourceStage, FlakyStage: flaky } }).run({
      workflow,
      executionId: 'exec-flaky',
      input: { records: sampleRecords() },
      onEvent: (event) => events.push(event),
    }).outcome;

    // Assert
    expect(outcome.status).toBe('SUCCEEDED');
    expect(flaky.attempts()).toBe(3);
    const retried = events.filter(
      (e) => e.type === 'StateRetried' && e.state?.name === 'FlakyStage',
    );
    expect(retried).toHaveLength(2);
    const failed = events.filter((e) => e.type === 'StateFailed');
    expect(failed.map((e) => e.Error)).toEqual(['RetryableStageError', 'RetryableStageError']);
  });

  it('fails at once on a ConfigurationError, keeping its name and cause', async () => {
    // Arrange
    const tracker = new StageTracker(testRealtimeWorkflow);

    // Act
    const outcome = await engine(testBindings, { TEST_UPPER_BROKEN: '1' }).run({
      workflow: testRealtimeWorkflow,
      executionId: 'exec-broken',
      input: { records: sampleRecords() },
      onEvent: (event) => tracker.apply(event),
      onStageResult: (stage, result) => tracker.recordResult(stage, result),
    }).outcome;
    tracker.finish(ExecutionStatus.Failed);

    // Assert
    expect(outcome).toMatchObject({
      status: 'FAILED',
      error: 'ConfigurationError',
      cause: expect.stringContaining('TEST_UPPER_BROKEN'),
      failedState: 'UpperStage',
    });
    expect(tracker.summaries()).toMatchObject([
      {
        name: 'SourceStage',
        status: 'SUCCEEDED',
        received: 3,
        records: 2,
        rejected: 1,
        retries: 0,
      },
      { name: 'UpperStage', status: 'FAILED', error: 'ConfigurationError', retries: 0 },
    ]);
  });

  it('reports a Glue failure as States.TaskFailed with the traceback in the cause', async () => {
    // Arrange
    const failing: LocalStageBindings = {
      ...testBindings,
      createGlueExecutor: () => ({
        run: async () => {
          const error = new Error('heavy ETL job failed: exit code 1', {
            cause: 'Traceback (most recent call last):\nValueError: bad',
          });
          error.name = 'States.TaskFailed';
          throw error;
        },
      }),
    };

    // Act
    const outcome = await engine(failing).run({
      workflow: testBatchWorkflow,
      executionId: 'exec-glue-fails',
      input: { records: sampleRecords() },
    }).outcome;

    // Assert
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('States.TaskFailed');
    expect(outcome.cause).toContain('ValueError: bad');
    expect(outcome.failedState).toBe('HeavyStage');
  });

  it('ends ABORTED when aborted', async () => {
    // Arrange
    const slow: LocalStageBindings = {
      ...testBindings,
      createGlueExecutor: () => ({
        // Still running when the execution is aborted; it ends a little later.
        run: () =>
          new Promise((_resolve, reject) => setTimeout(() => reject(new Error('too late')), 400)),
      }),
    };
    const run = engine(slow).run({
      workflow: testBatchWorkflow,
      executionId: 'exec-abort',
      input: { records: [] },
    });

    // Act
    setTimeout(() => run.abort(), 200);
    const outcome = await run.outcome;

    // Assert
    expect(outcome.status).toBe('ABORTED');
  });

  it('refuses a workflow with a task that no stage is bound to, naming the state', () => {
    // Arrange
    const unbound = engine({ stages: {} });

    // Act
    const act = () =>
      unbound.run({ workflow: testRealtimeWorkflow, executionId: 'exec-x', input: {} });

    // Assert
    expect(act).toThrow('no local stage is bound to state "SourceStage"');
  });
});
