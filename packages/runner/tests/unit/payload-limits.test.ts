import { defineStage, ensurePromiseWithResolvers, type StageDefinition } from '@ceap/core';
import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { MAX_STATE_PAYLOAD_BYTES } from '@ceap/stages';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import { ExecutionStatus, MAX_PAYLOAD_BYTES } from '../../src/constants.js';
import { ExecutionInputTooLargeError } from '../../src/errors.js';
import { createLocalEngine } from '../../src/local/local-engine.js';
import {
  enforcePayloadLimits,
  PAYLOAD_LIMIT_OPTION,
  payloadBytes,
} from '../../src/local/payload-limits.js';
import type { StateEvent } from '../../src/local/stage-tracker.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { sampleRecords, silentLogger, sourceStage } from '../helpers/test-stages.js';

/** A stage that passes its records on and reports a metric of `padding` characters. */
function paddedStage(name: string, padding: number): StageDefinition<undefined> {
  return defineStage({
    name,
    async *transform(records, ctx) {
      ctx.metric('padding', 'x'.repeat(padding));
      yield* records;
    },
  });
}

const workflow = defineWorkflow({
  name: 'test-limits',
  type: 'EXPRESS',
  timeoutSeconds: 60,
  defaultTaskTimeoutSeconds: 30,
  steps: chain(lambda('SourceStage'), lambda('FirstStage'), lambda('SecondStage')),
});

describe('payload limits on the local engine', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startTestS3();
  });

  afterAll(async () => {
    await s3.stop();
  });

  function run(first: number, second: number, input: Record<string, unknown>) {
    const events: StateEvent[] = [];
    const engine = createLocalEngine({
      stages: {
        SourceStage: sourceStage,
        FirstStage: paddedStage('FirstStage', first),
        SecondStage: paddedStage('SecondStage', second),
      },
      s3: s3.client,
      location: { bucket: TEST_BUCKET },
      logger: silentLogger(),
      env: {},
    });
    const started = engine.run({
      workflow,
      executionId: `limits-${first}-${second}`,
      input,
      onEvent: (event) => events.push(event),
    });
    return { outcome: started.outcome, events };
  }

  it('agrees with the limit ETLStage checks inline records against', () => {
    // Arrange / Act / Assert
    expect(MAX_PAYLOAD_BYTES).toBe(MAX_STATE_PAYLOAD_BYTES);
  });

  it('fails with States.DataLimitExceeded when a stage returns more than 256 KiB', async () => {
    // Arrange
    const { outcome, events } = run(300_000, 10, { records: sampleRecords() });

    // Act
    const ended = await outcome;

    // Assert
    expect(ended).toMatchObject({
      status: ExecutionStatus.Failed,
      error: 'States.DataLimitExceeded',
      failedState: 'FirstStage',
    });
    expect(ended.cause).toMatch(/^the result of state FirstStage is 300,\d{3} bytes of JSON/);
    expect(ended.cause).toContain('262,144 bytes');
    expect(events.some((event) => event.type === 'StateRetried')).toBe(false);
    expect(events.some((e) => e.type === 'StateEntered' && e.state?.name === 'SecondStage')).toBe(
      false,
    );
  });

  it("fails at the state whose output, with its upstreams' results, is over 256 KiB", async () => {
    // Arrange: each result fits; the state's output carries both
    const { outcome, events } = run(140_000, 140_000, { records: sampleRecords() });

    // Act
    const ended = await outcome;

    // Assert
    expect(ended).toMatchObject({
      status: ExecutionStatus.Failed,
      error: 'States.DataLimitExceeded',
      failedState: 'SecondStage',
    });
    expect(ended.cause).toMatch(/^the output of state SecondStage is 28\d,\d{3} bytes of JSON/);
    const failed = events.find((event) => event.type === 'StateFailed');
    expect(failed).toMatchObject({
      state: { name: 'SecondStage' },
      Error: 'States.DataLimitExceeded',
    });
  });

  it('runs a workflow whose payloads stay under the limit', async () => {
    // Arrange
    const { outcome } = run(100_000, 100_000, { records: sampleRecords() });

    // Act
    const ended = await outcome;

    // Assert
    expect(ended.status).toBe(ExecutionStatus.Succeeded);
  });

  it('refuses an execution input over 256 KiB before anything runs', () => {
    // Arrange
    const input = { records: [{ id: 'a', name: 'y'.repeat(MAX_PAYLOAD_BYTES) }] };

    // Act
    const start = () => run(10, 10, input);

    // Assert
    expect(start).toThrow(ExecutionInputTooLargeError);
    expect(start).toThrow(/is 262,1\d\d bytes of JSON; Step Functions accepts at most 262,144/);
  });
});

describe('enforcePayloadLimits', () => {
  beforeAll(() => {
    ensurePromiseWithResolvers();
    enforcePayloadLimits();
  });

  /**
   * A Map over `$.items` whose iterations each get 400 numbers beside their item, and pass them
   * on; it is caught and retried on States.ALL.
   */
  const mapDefinition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'item.$': '$$.Map.Item.Value', 'pad.$': 'States.ArrayRange(1, 400, 1)' },
        ItemProcessor: { StartAt: 'Keep', States: { Keep: { Type: 'Pass', End: true } } },
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 0 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', Result: 'caught', End: true },
    },
  };

  async function runMap(items: unknown[], limited: boolean): Promise<unknown> {
    const machine = new StateMachine(
      mapDefinition as unknown as ConstructorParameters<typeof StateMachine>[0],
    );
    const options = limited ? ({ [PAYLOAD_LIMIT_OPTION]: 1_000 } as RunOptions) : {};
    const execution = machine.run({ items } as Parameters<StateMachine['run']>[0], options);
    void (async () => {
      for await (const _event of execution.eventLogs);
    })();
    return execution.result;
  }

  it('fails a Map whose item is over the limit, past its Retry and Catch on States.ALL', async () => {
    // Arrange: the Map's own input is small, each item as the iteration gets it is not
    const items = ['a', 'b'];

    // Act
    const result = runMap(items, true);

    // Assert
    await expect(result).rejects.toMatchObject({
      cause: {
        name: 'States.DataLimitExceeded',
        message: expect.stringMatching(/^the input of state Keep is 1,\d{3} bytes of JSON/),
      },
    });
  });

  it('leaves executions run without the option as they were', async () => {
    // Arrange
    const items = ['a', 'b'];

    // Act
    const result = await runMap(items, false);

    // Assert
    expect(payloadBytes(result)).toBeGreaterThan(2_000);
  });
});
