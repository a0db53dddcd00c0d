import { defineStage, readManifest, runStage, StageAbortedError } from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { stageDeps } from '../helpers/test-stages.js';

describe('runStage with a signal', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const pointerTo = async (key: string, count: number) => {
    await s3.putRecords(
      key,
      Array.from({ length: count }, (_, n) => ({ n })),
    );
    return { bucket: TEST_BUCKET, key, logicalDate: '2026-11-21' };
  };

  it('stops reading and writing when aborted mid-stream, and records nothing', async () => {
    // Arrange: the host aborts once the transform has seen 50 of 1,000 records.
    const controller = new AbortController();
    let seen = 0;
    const endless = defineStage({
      name: 'EndlessStage',
      async *transform(records) {
        for await (const record of records) {
          seen++;
          if (seen === 50) controller.abort(new Error('TimeoutSeconds (1 s) elapsed'));
          yield record;
        }
      },
    });
    const input = await pointerTo('abort/in.json', 1_000);
    // Act
    const running = runStage(
      endless,
      { executionId: 'run-abort', workflow: 'test', input },
      stageDeps(s3, { signal: controller.signal }),
    );
    // Assert
    await expect(running).rejects.toThrow(StageAbortedError);
    await expect(running).rejects.toThrow(
      'EndlessStage was stopped before it finished: TimeoutSeconds (1 s) elapsed',
    );
    expect(seen).toBe(50);
    expect(await s3.exists('executions/run-abort/EndlessStage/output.json')).toBe(false);
    expect(await readManifest(s3.client, TEST_BUCKET, 'run-abort')).toBeUndefined();
  });

  it('stops a transform that yields without reading at its next record', async () => {
    // Arrange: the transform turns its one record into an endless stream, never reading again.
    const controller = new AbortController();
    let yielded = 0;
    const endless = defineStage({
      name: 'ExpandingStage',
      async *transform(records) {
        for await (const record of records) {
          for (;;) {
            yielded++;
            if (yielded === 10) controller.abort(new Error('stopped by the host'));
            yield { ...record, copy: yielded };
          }
        }
      },
    });
    const input = await pointerTo('abort/expand.json', 1);
    // Act
    const running = runStage(
      endless,
      { executionId: 'run-abort-expand', workflow: 'test', input },
      stageDeps(s3, { signal: controller.signal }),
    );
    // Assert
    await expect(running).rejects.toThrow(StageAbortedError);
    expect(yielded).toBe(10);
    expect(await s3.exists('executions/run-abort-expand/ExpandingStage/output.json')).toBe(false);
  });

  it('does not record a run aborted while it finalizes', async () => {
    // Arrange
    const controller = new AbortController();
    const slowToFinish = defineStage({
      name: 'FinalizingStage',
      async *transform(records) {
        yield* records;
      },
      async finalize() {
        controller.abort();
        return undefined;
      },
    });
    const input = await pointerTo('abort/fin.json', 3);
    // Act
    const running = runStage(
      slowToFinish,
      { executionId: 'run-abort-fin', workflow: 'test', input },
      stageDeps(s3, { signal: controller.signal }),
    );
    // Assert
    await expect(running).rejects.toThrow(StageAbortedError);
    expect(await readManifest(s3.client, TEST_BUCKET, 'run-abort-fin')).toBeUndefined();
  });

  it('gives the stage the signal, which never aborts when the host sends none', async () => {
    // Arrange
    let aborted: boolean | undefined;
    const probe = defineStage({
      name: 'ProbeStage',
      async *transform(records, ctx) {
        aborted = ctx.signal.aborted;
        yield* records;
      },
    });
    const input = await pointerTo('abort/probe.json', 2);
    // Act
    const result = await runStage(
      probe,
      { executionId: 'run-probe', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(aborted).toBe(false);
    expect(result.records).toBe(2);
  });

  it('rejects 25,000 records through the bounded rejects queue and balances', async () => {
    // Arrange: more rejects than the queue may hold unsent, so the stage must pause for them.
    const rejectAll = defineStage({
      name: 'RejectAllStage',
      async *transform(records, ctx) {
        for await (const record of records) ctx.reject('always', { record });
        yield* [];
      },
    });
    const input = await pointerTo('abort/many.json', 25_000);
    // Act
    const result = await runStage(
      rejectAll,
      { executionId: 'run-many', workflow: 'test', input },
      stageDeps(s3),
    );
    // Assert
    expect(result).toMatchObject({ received: 25_000, records: 0, rejected: 25_000 });
    const rejects = await s3.getText(result.rejectsKey);
    expect(rejects.trimEnd().split('\n')).toHaveLength(25_000);
  });
});
