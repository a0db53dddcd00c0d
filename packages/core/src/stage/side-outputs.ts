import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../errors.js';
import { AsyncQueue } from '../records/async-queue.js';
import { SIDE_OBJECT_UPLOAD, writeJsonLineBatches } from '../records/jsonl-writer.js';
import type { JsonRecord, S3Pointer } from '../records/record-types.js';
import { StageObject } from '../s3-keys.js';
import type { SideOutput } from './stage-contract.js';

/** The most pushed records an upload of set-aside records takes at once. */
export const RECORDS_PER_BATCH = 256;

/**
 * The side outputs a stage opened, each streaming to its own object. An object is this run's
 * only when the result's metrics count it (`{name}.records`): a side output an earlier attempt
 * wrote and this run did not open is left where it is, never deleted.
 */
export class SideOutputs {
  private readonly open_ = new Map<
    string,
    { queue: AsyncQueue<JsonRecord>; done: Promise<Settled<{ records: number }>>; key: string }
  >();

  constructor(
    private readonly s3: S3Client,
    private readonly pointerFor: (name: string) => S3Pointer,
  ) {}

  open(name: string): SideOutput {
    if (Object.values<string>(StageObject).includes(name)) {
      throw new ConfigurationError(
        `side output name "${name}" is reserved for the stage's own output`,
      );
    }
    let entry = this.open_.get(name);
    if (!entry) {
      const pointer = this.pointerFor(name);
      const queue = new AsyncQueue<JsonRecord>();
      // One object at its key, which a reader takes before any parts under it: stale parts are
      // never read, so no listing looks for them.
      const write = writeJsonLineBatches(this.s3, pointer, queue.batches(RECORDS_PER_BATCH), {
        ...SIDE_OBJECT_UPLOAD,
        removeStaleParts: false,
      });
      entry = { queue, done: settle(write), key: pointer.key };
      this.open_.set(name, entry);
    }
    const queue = entry.queue;
    return { write: (record) => queue.push(record) };
  }

  /** The largest number of records one side output holds that its upload has not taken. */
  get backlog(): number {
    let largest = 0;
    for (const entry of this.open_.values()) largest = Math.max(largest, entry.queue.backlog);
    return largest;
  }

  /** Resolves once every side output's upload has caught up to below `limit` pending records. */
  async whenBelow(limit: number): Promise<void> {
    await Promise.all([...this.open_.values()].map((entry) => entry.queue.whenBelow(limit)));
  }

  fail(error: unknown): void {
    for (const entry of this.open_.values()) entry.queue.fail(error);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.open_.values()].map((entry) => entry.done));
  }

  async close(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [name, entry] of this.open_) {
      entry.queue.close();
      const outcome = await entry.done;
      if (outcome.error !== undefined) throw outcome.error;
      counts[`${name}.records`] = outcome.value?.records ?? 0;
    }
    return counts;
  }
}

export interface Settled<T> {
  value?: T;
  error?: unknown;
}

/** Starts a promise now and keeps its failure for later, without an unhandled rejection. */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error ?? new Error('unknown failure') }),
  );
}
