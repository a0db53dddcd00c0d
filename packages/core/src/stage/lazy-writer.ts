import { AsyncQueue } from '../records/async-queue.js';
import type { WriteSummary } from '../records/jsonl-writer.js';
import { RECORDS_PER_BATCH, type Settled, settle } from './side-outputs.js';

/**
 * A JSON Lines object written only once its first record arrives: a stage with no rejects
 * makes no request for them. Records are pushed (from callbacks) and streamed as they come.
 */
export class LazyJsonLinesWriter<T> {
  private queue: AsyncQueue<T> | undefined;
  private done: Promise<Settled<WriteSummary>> | undefined;
  private start: ((batches: AsyncIterable<T[]>) => Promise<WriteSummary>) | undefined;

  /**
   * Says how to write, once the target is known; nothing is written until the first push. The
   * records come in arrays of what has been pushed, up to {@link RECORDS_PER_BATCH}.
   */
  bind(start: (batches: AsyncIterable<T[]>) => Promise<WriteSummary>): void {
    this.start = start;
  }

  push(item: T): void {
    if (!this.queue) {
      if (!this.start) throw new Error('LazyJsonLinesWriter: push before bind');
      const queue = new AsyncQueue<T>();
      this.queue = queue;
      // A write that fails before it reads (making room for the log failed) must not leave a
      // stage waiting for room in a queue nobody drains: the failure comes out at close.
      this.done = settle(this.start(queue.batches(RECORDS_PER_BATCH))).then((outcome) => {
        if (outcome.error !== undefined) queue.abandon();
        return outcome;
      });
    }
    this.queue.push(item);
  }

  /** Records pushed and not yet taken by the upload. */
  get backlog(): number {
    return this.queue?.backlog ?? 0;
  }

  /** Resolves once the upload has caught up to below `limit` pending records. */
  whenBelow(limit: number): Promise<void> {
    return this.queue?.whenBelow(limit) ?? Promise.resolve();
  }

  /** Ends the object; undefined when nothing was ever pushed (and nothing written). */
  async close(): Promise<WriteSummary | undefined> {
    if (!this.queue) return undefined;
    this.queue.close();
    const outcome = (await this.done) as Settled<WriteSummary>;
    if (outcome.error !== undefined) throw outcome.error;
    return outcome.value;
  }

  /** Abandons the write after a failure elsewhere, and waits until it has stopped. */
  async fail(error: unknown): Promise<void> {
    if (!this.queue) return;
    this.queue.fail(error);
    await this.done;
  }
}
