import type { JsonRecord } from '@ceap/core';
import { batchWorkflow, realtimeWorkflow, STAGES, StageName } from '@ceap/stages';
import { runCompiledWorkflow } from '../helpers/compiled-run.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { heavyEtlStandIn, sampleInput } from '../helpers/shipped-runs.js';

/**
 * A message delivered twice (SQS redelivery, or the pipe retrying a synchronous Express run)
 * starts two executions with different names. Both must leave one dataset object and send
 * events with the same idempotency keys. Each run executes the compiled ASL with the real stages.
 */
describe('the same input run as several executions', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const run = (
    workflow: typeof realtimeWorkflow,
    executionId: string,
    input: JsonRecord | JsonRecord[],
  ) =>
    runCompiledWorkflow({
      workflow,
      executionId,
      input: input as JsonRecord,
      s3: s3.client,
      location: { bucket: s3.bucket },
      stages: { ...STAGES, [StageName.HeavyETL]: heavyEtlStandIn },
    });

  const partition = (logicalDate: string) => s3.keys(`datasets/candidates/dt=${logicalDate}/`);

  const eventKeys = async (executionId: string) =>
    (await s3.readRecords(`executions/${executionId}/${StageName.Reactive}/events.json`))
      .map((event) => (event.detail as { idempotencyKey: string }).idempotencyKey)
      .sort();

  it('stores one object and sends the same event keys for a redelivered realtime message', async () => {
    // Arrange: the first delivery started directly, the redelivery in the pipe's array form.
    const message = sampleInput();
    const { logicalDate } = message as { logicalDate: string };
    // Act
    await run(realtimeWorkflow, 'rt-delivery-1', message);
    await run(realtimeWorkflow, 'rt-delivery-2', [message]);
    // Assert
    const objects = await partition(logicalDate);
    expect(objects).toHaveLength(1);
    const stored = await s3.readRecords(objects[0] as string);
    expect(stored.length).toBeGreaterThan(0);
    const [first, second] = [await eventKeys('rt-delivery-1'), await eventKeys('rt-delivery-2')];
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });

  it('adds a second object for a different message of the same day', async () => {
    // Arrange
    const message = sampleInput() as { logicalDate: string; records: JsonRecord[] };
    const other = { logicalDate: '2026-01-02', records: message.records.slice(0, 6) };
    const whole = { logicalDate: '2026-01-02', records: message.records };
    // Act
    await run(realtimeWorkflow, 'rt-day-a', whole);
    await run(realtimeWorkflow, 'rt-day-b', other);
    // Assert
    expect(await partition('2026-01-02')).toHaveLength(2);
  });

  it('replaces the partition object when the nightly batch of a day runs again', async () => {
    // Arrange: the schedule's input, then a manual start for the same day.
    const { records } = sampleInput() as { records: JsonRecord[] };
    await s3.putRecords('incoming/dt=2026-02-03/part-a.jsonl', records);
    const scheduled = { scheduledTime: '2026-02-04T02:00:00Z', scheduleTimeZone: 'UTC' };
    // Act
    await run(batchWorkflow, 'batch-scheduled', scheduled);
    await run(batchWorkflow, 'batch-manual', { logicalDate: '2026-02-03' });
    // Assert
    const objects = await partition('2026-02-03');
    expect(objects).toHaveLength(1);
    const scheduledKeys = await eventKeys('batch-scheduled');
    expect(scheduledKeys.length).toBeGreaterThan(0);
    expect(await eventKeys('batch-manual')).toEqual(scheduledKeys);
  });
});
