import { StageAbortedError } from '../errors.js';
import type { JsonRecord } from '../records/record-types.js';
import type { StageRun } from './stage-run.js';

/**
 * Rejected, filtered and side-output records pushed and not yet uploaded, per object, above which the
 * stage stops reading until the uploads catch up. Without it a stage rejecting every record
 * of a large input would hold them all in memory whenever S3 is slower than the transform.
 */
export const MAX_PENDING_SIDE_RECORDS = 10_000;

/** How often, in records read, the backlogs are looked at: cheap, and far below the bound. */
const PACING_INTERVAL = 64;

/** The most records the transform's output gathers before they go to the writer together. */
const OUTPUT_BATCH = 256;

/**
 * Hands the source's records, which come in arrays, to the transform one at a time, counting
 * each as received. It stops reading while the rejects, the filtered records or a side output
 * lag behind, and throws {@link StageAbortedError} as soon as the host aborts the run, so a
 * timed-out stage stops instead of running on beside its retry.
 *
 * It is a plain iterator rather than an async generator: a record already in hand is returned
 * without a generator's resumption, which is most of what a per-record hop costs.
 */
export function receivedRecords<Config>(
  batches: AsyncIterable<readonly JsonRecord[]>,
  run: StageRun<Config>,
  onReceived?: (record: JsonRecord) => void,
): AsyncIterable<JsonRecord> {
  return { [Symbol.asyncIterator]: () => new ReceivedRecords(batches, run, onReceived) };
}

class ReceivedRecords<Config> implements AsyncIterator<JsonRecord> {
  private readonly source: AsyncIterator<readonly JsonRecord[]>;
  private batch: readonly JsonRecord[] = [];
  private index = 0;

  constructor(
    batches: AsyncIterable<readonly JsonRecord[]>,
    private readonly run: StageRun<Config>,
    private readonly onReceived: ((record: JsonRecord) => void) | undefined,
  ) {
    this.source = batches[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<JsonRecord>> {
    if (this.index >= this.batch.length) return this.refill();
    const run = this.run;
    if (run.context.signal.aborted) return Promise.reject(stopped(run));
    const result = { value: this.batch[this.index++] as JsonRecord, done: false };
    this.onReceived?.(result.value);
    if (++run.counts.received % PACING_INTERVAL === 0) return catchUp(run).then(() => result);
    return Promise.resolve(result);
  }

  async return(): Promise<IteratorResult<JsonRecord>> {
    // The transform stopped early: close the source, so its S3 body is released.
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  private async refill(): Promise<IteratorResult<JsonRecord>> {
    for (;;) {
      throwIfStopped(this.run);
      const next = await this.source.next();
      if (next.done) return { value: undefined, done: true };
      this.batch = next.value;
      this.index = 0;
      if (this.batch.length > 0) return this.next();
    }
  }
}

/**
 * Gathers the transform's records into arrays for the writer, stopping at the first record after
 * an abort, and with the same pacing per array: a transform that holds records back (a dedupe)
 * sets many aside only as it yields at the end.
 */
export async function* outputBatches<Config>(
  records: AsyncIterable<JsonRecord>,
  run: StageRun<Config>,
): AsyncGenerator<JsonRecord[]> {
  let batch: JsonRecord[] = [];
  for await (const record of records) {
    // Checked per record: a transform that yields without reading (an endless or a slow one)
    // stops at its next record, not at the end of an array.
    throwIfStopped(run);
    batch.push(record);
    if (batch.length === OUTPUT_BATCH) {
      await catchUp(run);
      yield batch;
      batch = [];
    }
  }
  throwIfStopped(run);
  if (batch.length > 0) yield batch;
}

/** Waits while any log of set-aside records holds too many unsent, then checks for a stop. */
async function catchUp<Config>(run: StageRun<Config>): Promise<void> {
  const logs = [run.rejects.writer, run.filtered.writer, run.sideOutputs];
  if (logs.every((log) => log.backlog < MAX_PENDING_SIDE_RECORDS)) return;
  await Promise.all(logs.map((log) => log.whenBelow(MAX_PENDING_SIDE_RECORDS)));
  throwIfStopped(run);
}

/** Throws {@link StageAbortedError} once the run's signal has aborted. */
export function throwIfStopped<Config>(run: StageRun<Config>): void {
  const { signal } = run.context;
  if (signal.aborted) throw stopped(run);
}

function stopped<Config>(run: StageRun<Config>): StageAbortedError {
  return new StageAbortedError(run.step, run.context.signal.reason);
}
