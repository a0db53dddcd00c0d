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
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    while (true) {
      if (this.failure !== undefined) throw this.failure;
      if (this.head < this.items.length) {
        const item = this.items[this.head] as T;
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.items.length) this.compact();
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
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
