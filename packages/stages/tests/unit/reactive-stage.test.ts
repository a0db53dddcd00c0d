import { ConfigurationError, StageErrorName } from '@ceap/core';
import {
  createReactiveStage,
  EventPublishError,
  PUT_EVENTS_MAX_BYTES,
  reactiveStage,
} from '../../src/index.js';
import { parseLines, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { FakeEventBridge } from '../helpers/fake-event-bridge.js';
import {
  expectBalanced,
  nextExecutionId,
  runAndRead,
  runOnUpstreamOutput,
} from '../helpers/stage-runner.js';

function scored(
  customerId: string,
  score: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    customerId,
    email: `${customerId}@example.com`,
    country: 'US',
    score,
    modelVersion: 'm1',
    ...extra,
  };
}

const noWait = async () => {};

describe('ReactiveStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  async function react(
    records: Record<string, unknown>[],
    stage = reactiveStage,
    env: NodeJS.ProcessEnv = {},
  ) {
    return runOnUpstreamOutput(s3, stage, 'StoreStage', records, env);
  }

  it('writes a CandidateQualified event per record at or above 0.7 to events.json and passes all records on', async () => {
    // Arrange
    const records = [scored('a', 0.95), scored('b', 0.7), scored('c', 0.69999), scored('d', 0.1)];

    // Act
    const { result, records: output, executionId } = await react(records);

    // Assert
    const events = parseLines(
      await s3.getText(`executions/${executionId}/ReactiveStage/events.json`),
    );
    expect(events.map((event) => (event.detail as { customerId: string }).customerId)).toEqual([
      'a',
      'b',
    ]);
    expect(events[0]).toMatchObject({
      source: 'ceap.candidates',
      'detail-type': 'CandidateQualified',
      detail: {
        customerId: 'a',
        score: 0.95,
        threshold: 0.7,
        modelVersion: 'm1',
        country: 'US',
        executionId,
        logicalDate: '2026-03-11',
      },
    });
    expect(events[0]?.detail).not.toHaveProperty('email');
    expect(output).toEqual(records);
    expect(result.metrics).toMatchObject({
      emitted: 2,
      qualified: 2,
      threshold: 0.7,
      eventSink: 'events.json',
      'events.json.records': 2,
    });
    expectBalanced(result);
  });

  it('gives an event the same idempotency key in every execution of the same input', async () => {
    // Arrange: a rerun, then a redelivery run as another execution with the same run key.
    const client = new FakeEventBridge();
    const stage = createReactiveStage({ eventBridge: client });
    const runOf = async (executionId: string, runKey: string) => {
      const key = `executions/${executionId}/StoreStage/output.json`;
      await s3.put(key, `${JSON.stringify(scored('a', 0.9))}\n`);
      return { executionId, input: { bucket: TEST_BUCKET, key, runKey } };
    };
    const sameInput = '3'.repeat(32);
    const first = await runOf(nextExecutionId('reactive-first'), sameInput);

    // Act
    await runAndRead(s3, stage, first);
    await runAndRead(s3, stage, first);
    await runAndRead(s3, stage, await runOf(nextExecutionId('reactive-again'), sameInput));
    await runAndRead(s3, stage, await runOf(nextExecutionId('reactive-other'), '4'.repeat(32)));

    // Assert
    const keys = client.accepted.map((entry) => JSON.parse(entry.Detail ?? '{}').idempotencyKey);
    expect(keys).toHaveLength(4);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it.each([
    ['CEAP_REACTIVE_THRESHOLD', { CEAP_REACTIVE_THRESHOLD: '0.9' }, undefined, 1],
    ['the threshold option', {}, 0.05, 3],
  ])('takes its threshold from %s', async (_label, env, threshold, emitted) => {
    // Arrange
    const stage = threshold === undefined ? reactiveStage : createReactiveStage({ threshold });
    const records = [scored('a', 0.95), scored('b', 0.8), scored('c', 0.1)];

    // Act
    const { result } = await react(records, stage, env);

    // Assert
    expect(result.metrics.emitted).toBe(emitted);
  });

  it.each([['1.5'], ['-0.1'], ['high']])(
    'fails with a ConfigurationError naming CEAP_REACTIVE_THRESHOLD=%s',
    async (value) => {
      // Arrange
      const env = { CEAP_REACTIVE_THRESHOLD: value };

      // Act
      const run = react([scored('a', 0.9)], reactiveStage, env);

      // Assert
      await expect(run).rejects.toThrow(ConfigurationError);
      await expect(run).rejects.toThrow(/CEAP_REACTIVE_THRESHOLD must be a number from 0 to 1/);
    },
  );

  it('rejects a record that was not scored as not-scored', async () => {
    // Arrange
    const records = [scored('a', 0.9), { customerId: 'b' }];

    // Act
    const { result, rejects } = await react(records);

    // Assert
    expect(result.rejectedBy).toEqual({ 'not-scored': 1 });
    expect(rejects[0]).toMatchObject({ field: 'score' });
    expectBalanced(result);
  });

  describe('with EventBridge', () => {
    it('sends PutEvents in batches of at most 10 entries to the configured bus', async () => {
      // Arrange
      const client = new FakeEventBridge();
      const stage = createReactiveStage({ eventBridge: client, eventBusName: 'ceap-bus' });
      const records = Array.from({ length: 23 }, (_, i) => scored(`c${i}`, 0.9));

      // Act
      const { result, executionId } = await react(records, stage);

      // Assert
      expect(client.calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
      expect(
        client.accepted.every(
          (entry) => entry.EventBusName === 'ceap-bus' && entry.DetailType === 'CandidateQualified',
        ),
      ).toBe(true);
      expect(result.metrics).toMatchObject({ emitted: 23, eventSink: 'eventbridge:ceap-bus' });
      expect(await s3.exists(`executions/${executionId}/ReactiveStage/events.json`)).toBe(false);
      expectBalanced(result);
    });

    it('keeps each PutEvents request under 256 KB', async () => {
      // Arrange
      const client = new FakeEventBridge();
      const stage = createReactiveStage({ eventBridge: client });
      const bigId = 'x'.repeat(60 * 1024);
      const records = Array.from({ length: 9 }, (_, i) => scored(`${bigId}${i}`, 0.9));

      // Act
      await react(records, stage);

      // Assert
      const sizes = client.calls.map((entries) =>
        entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.Detail ?? ''), 0),
      );
      expect(client.calls.length).toBeGreaterThan(1);
      for (const size of sizes) expect(size).toBeLessThan(PUT_EVENTS_MAX_BYTES);
      expect(client.accepted).toHaveLength(9);
    });

    it('rejects a record whose event alone is larger than 256 KB as event-too-large', async () => {
      // Arrange
      const client = new FakeEventBridge();
      const stage = createReactiveStage({ eventBridge: client });
      const records = [scored('ok', 0.9), scored('y'.repeat(300 * 1024), 0.9)];

      // Act
      const { result } = await react(records, stage);

      // Assert
      expect(result.rejectedBy).toEqual({ 'event-too-large': 1 });
      expect(client.accepted).toHaveLength(1);
      expectBalanced(result);
    });

    it('resends only the entries a partial failure reports, with backoff', async () => {
      // Arrange
      const waits: number[] = [];
      const client = new FakeEventBridge((call, entry) => {
        const id = JSON.parse(entry.Detail ?? '{}').customerId as string;
        if (call === 0 && (id === 'c1' || id === 'c4')) return 'ThrottlingException';
        if (call === 1 && id === 'c4') return 'InternalFailure';
        return undefined;
      });
      const stage = createReactiveStage({
        eventBridge: client,
        sleep: async (ms) => void waits.push(ms),
        retry: { baseDelayMs: 50 },
      });
      const records = Array.from({ length: 6 }, (_, i) => scored(`c${i}`, 0.9));

      // Act
      const { result } = await react(records, stage);

      // Assert
      const ids = (entries: { Detail?: string }[]) =>
        entries.map((entry) => JSON.parse(entry.Detail ?? '{}').customerId);
      expect(client.calls.map(ids)).toEqual([
        ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'],
        ['c1', 'c4'],
        ['c4'],
      ]);
      expect(waits).toEqual([50, 100]);
      expect(result.metrics.emitted).toBe(6);
    });

    it('fails retryably (RetryableStageError) when entries still fail after the retries', async () => {
      // Arrange
      const client = new FakeEventBridge((_call, entry) =>
        JSON.parse(entry.Detail ?? '{}').customerId === 'c2' ? 'ThrottlingException' : undefined,
      );
      const stage = createReactiveStage({
        eventBridge: client,
        sleep: noWait,
        retry: { maxAttempts: 3 },
      });
      const records = Array.from({ length: 4 }, (_, i) => scored(`c${i}`, 0.9));

      // Act
      const run = react(records, stage);

      // Assert
      await expect(run).rejects.toMatchObject({ name: StageErrorName.Retryable });
      await expect(run).rejects.toThrow(
        /refused 1 of 4 events on bus "default" after 3 attempts \(ThrottlingException x1\)/,
      );
      expect(client.calls.map((entries) => entries.length)).toEqual([4, 1, 1]);
    });

    it('carries the failed error codes on the error', async () => {
      // Arrange
      const client = new FakeEventBridge(() => 'AccessDeniedException');
      const stage = createReactiveStage({
        eventBridge: client,
        sleep: noWait,
        retry: { maxAttempts: 1 },
      });

      // Act
      const run = react([scored('a', 0.9), scored('b', 0.9)], stage);

      // Assert
      await expect(run).rejects.toBeInstanceOf(EventPublishError);
      await expect(run).rejects.toMatchObject({ failedByCode: { AccessDeniedException: 2 } });
    });
  });
});
