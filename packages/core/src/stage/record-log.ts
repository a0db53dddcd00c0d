import type { S3Client } from '@aws-sdk/client-s3';
import { SIDE_OBJECT_UPLOAD, writeJsonLineBatches } from '../records/jsonl-writer.js';
import type { S3Pointer } from '../records/record-types.js';
import { LazyJsonLinesWriter } from './lazy-writer.js';
import { iterationTarget, prepareLayout } from './output-layout.js';
import type { OutputLayout } from './stage-contract.js';

/**
 * A stage's log of the records it set aside (`rejects.json`, `filtered.json`): written only
 * once the first one arrives, in the output's layout, and for a Map iteration as its own part.
 *
 * A run with nothing to log makes no request at all, not even to delete what an earlier
 * attempt logged at the same key: readers go by the result's counts (see `stageLogObjects`),
 * so a stale log is never read as this run's.
 */
export class RecordLog<T> {
  readonly writer = new LazyJsonLinesWriter<T>();

  constructor(
    private readonly pointer: S3Pointer,
    private readonly layout: OutputLayout,
    private readonly part: number | undefined,
  ) {}

  /** The key a result names for this log: the iteration's part, or the step's object. */
  get key(): string {
    return this.part === undefined
      ? this.pointer.key
      : iterationTarget(this.pointer, this.part).pointer.key;
  }

  /**
   * Says where to write. Only the first record makes room in the layout (removing the single
   * object or the parts an earlier layout left, which a reader would otherwise take first), so
   * looking for stale parts costs nothing when there is nothing to log.
   */
  open(s3: S3Client): void {
    this.writer.bind(async (batches) => {
      const target =
        this.part === undefined
          ? await prepareLayout(s3, this.pointer, this.layout)
          : iterationTarget(this.pointer, this.part);
      return writeJsonLineBatches(s3, target.pointer, batches, {
        ...SIDE_OBJECT_UPLOAD,
        removeStaleParts: false,
      });
    });
  }

  /** Ends the log: the number of records written, 0 when nothing was (and no request made). */
  async close(): Promise<number> {
    return (await this.writer.close())?.records ?? 0;
  }
}
