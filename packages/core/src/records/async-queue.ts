/**
 * A queue that callbacks push into and one consumer drains as an async iterable. It lets
 * push-style producers (a reject callback) feed a pull-style streaming upload.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private closed = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private drain: { below: number; resolve: () => void } | undefined;
  private consumerGone = false;

  /** Items pushed and not yet taken by the consumer. */
  get backlog(): number {
    return this.items.length - this.head;
  }

  /**
   * Resolves once the backlog is below `limit` (at once if it already is, or if the queue has
   * ended), so a producer that pushes from callbacks can wait for the consumer to catch up.
   */
  whenBelow(limit: number): Promise<void> {
    if (this.backlog < limit || this.closed || this.consumerGone) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.drain = { below: limit, resolve };
    });
  }

  push(item: T): void {
    if (this.closed) throw new Error('AsyncQueue: push after close');
    this.items.push(item);
    this.signal();
  }

  close(): void {
    this.closed = true;
    this.signal();
  }

  fail(error: unknown): void {
    this.failure = error ?? new Error('AsyncQueue failed');
    this.closed = true;
    this.signal();
    this.releaseProducer();
  }

  /** The consumer will read no more (it failed): a producer waiting for room goes on. */
  abandon(): void {
    this.consumerGone = true;
    this.releaseProducer();
  }

  /** The items one at a time (the stage runtime takes them in arrays: see `batches`). */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const [item] of this.batches(1)) yield item as T;
  }

  /**
   * The items as arrays of at most `max`, each as soon as there is one item: a consumer that
   * handles items synchronously pays one await per array rather than per item.
   */
  async *batches(max: number): AsyncGenerator<T[]> {
    try {
      while (true) {
        if (this.failure !== undefined) throw this.failure;
        if (this.head < this.items.length) {
          const end = Math.min(this.items.length, this.head + max);
          const batch = this.items.slice(this.head, end);
          this.head = end;
          if (this.head === this.items.length) {
            // Everything is taken: let go of the items rather than wait to compact.
            this.items = [];
            this.head = 0;
          } else if (this.head > 1024 && this.head * 2 > this.items.length) this.compact();
          if (this.drain && this.backlog < this.drain.below) this.releaseProducer();
          yield batch;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      // A consumer that stopped (done, or its upload failed) must not leave a producer waiting:
      // the failure reaches the stage when it closes the queue's writer.
      this.consumerGone = true;
      this.releaseProducer();
    }
  }

  private releaseProducer(): void {
    const drain = this.drain;
    this.drain = undefined;
    drain?.resolve();
  }

  private compact(): void {
    this.items = this.items.slice(this.head);
    this.head = 0;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
