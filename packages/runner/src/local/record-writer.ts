import type { ExecutionDescription } from '../execution-types.js';
import type { ExecutionIndex, ExecutionRecord } from '../index-store/execution-index.js';
import { toDescription } from './record-description.js';

/**
 * Keeps a run's record: each change is written in order (temp file and rename, so readers
 * never see half a record) and reported to the progress listener.
 *
 * A run whose record (or log) cannot be written, on a full disk say, must not go on as if it
 * were recorded: the first such failure becomes the run's {@link fault}, `onFault` hears of it
 * once (the run stops), and {@link finish} writes the last record into the space its
 * reservation set aside, so the index says how the run really ended.
 */
export class RecordWriter {
  /** Called once, with the first write that failed. */
  onFault?: (fault: Error) => void;
  private writes = Promise.resolve();
  private fault_: Error | undefined;

  constructor(
    private readonly index: ExecutionIndex,
    public current: ExecutionRecord,
    private readonly onProgress?: (description: ExecutionDescription) => void,
  ) {}

  /** The first write that failed, if any: it names the file and the system's error. */
  get fault(): Error | undefined {
    return this.fault_;
  }

  save(changes: Partial<ExecutionRecord>): void {
    const next = this.apply(changes);
    this.writes = this.writes
      .then(() => this.index.update(next))
      .catch((error: unknown) => this.fail(error));
  }

  /** Records a failed write under the home that is not the index's own (the run's log). */
  fail(error: unknown): void {
    if (this.fault_) return;
    this.fault_ = error instanceof Error ? error : new Error(String(error));
    this.onFault?.(this.fault_);
  }

  /**
   * The run's last change, written once every earlier write has settled. When even this
   * write fails there is nothing left to write with; the record in memory still holds it.
   */
  async finish(changes: Partial<ExecutionRecord>): Promise<void> {
    const last = this.apply(changes);
    this.writes = this.writes.then(() => this.index.finish(last)).catch(() => undefined);
    await this.writes;
  }

  private apply(changes: Partial<ExecutionRecord>): ExecutionRecord {
    const next = { ...this.current, ...changes, updatedAt: new Date().toISOString() };
    this.current = next;
    this.onProgress?.(toDescription(next));
    return next;
  }
}
