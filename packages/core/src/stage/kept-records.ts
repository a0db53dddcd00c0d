import { FatalStageError } from '../errors.js';
import type { JsonRecord } from '../records/record-types.js';

/**
 * What a pass-through transform kept of what it received. Each record it yields must be the
 * next one it received and has not passed over (the very object); every record it passes over
 * was rejected or filtered. The dropped ones are remembered as bits by their place in the
 * input, so that a second read of the input can pick out the kept ones.
 */
export class KeptRecords {
  /** Records yielded unchanged. */
  kept = 0;
  /** Whether any received record was passed over. */
  droppedAny = false;
  private waiting: JsonRecord[] = [];
  private head = 0;
  /** The place in the input of `waiting[head]`. */
  private ordinal = 0;
  private dropped = new Uint8Array(0);

  constructor(private readonly stage: string) {}

  received(record: JsonRecord): void {
    this.waiting.push(record);
  }

  /** Takes what the transform yielded; throws when it is not a record received, in order. */
  yielded(records: readonly JsonRecord[]): void {
    for (const record of records) {
      while (this.head < this.waiting.length && this.waiting[this.head] !== record) this.drop();
      if (this.head === this.waiting.length) {
        throw new FatalStageError(
          `${this.stage} is a pass-through stage but yielded a record it did not receive (a new or copied object, or one out of order)`,
        );
      }
      this.head++;
      this.ordinal++;
      this.kept++;
    }
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }

  /** The transform has ended: whatever it did not yield was dropped. */
  end(): void {
    while (this.head < this.waiting.length) this.drop();
    this.waiting = [];
    this.head = 0;
  }

  /** Whether the record at this place in the input was kept. */
  isKept(ordinal: number): boolean {
    const byte = ordinal >> 3;
    return (
      byte >= this.dropped.length || ((this.dropped[byte] as number) & (1 << (ordinal & 7))) === 0
    );
  }

  private drop(): void {
    const byte = this.ordinal >> 3;
    if (byte >= this.dropped.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.dropped.length * 2, 1024));
      grown.set(this.dropped);
      this.dropped = grown;
    }
    this.dropped[byte] = (this.dropped[byte] as number) | (1 << (this.ordinal & 7));
    this.droppedAny = true;
    this.head++;
    this.ordinal++;
  }
}
