import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { writeJsonLines } from '../records/jsonl-writer.js';
import type { S3Pointer } from '../records/record-types.js';
import { LazyJsonLinesWriter } from './lazy-writer.js';
import { iterationTarget, prepareLayout } from './output-layout.js';
import { OutputLayout } from './stage-contract.js';

/**
 * A stage's log of the records it set aside (`rejects.json`, `filtered.json`): written only
 * once the first one arrives, in the output's layout, and for a Map iteration as its own part.
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

  /** Clears what an earlier layout left and says where to write, before any record arrives. */
  async open(s3: S3Client): Promise<void> {
    const target =
      this.part === undefined
        ? await prepareLayout(s3, this.pointer, this.layout)
        : iterationTarget(this.pointer, this.part);
    this.writer.bind((records) =>
      writeJsonLines(s3, target.pointer, records, { removeStaleParts: target.removeStaleParts }),
    );
  }

  /**
   * Ends the log. With nothing in it, returns the key an earlier attempt may have left a log
   * at, for the caller to delete (with the other logs', in one request) rather than mislead.
   */
  async close(): Promise<string | undefined> {
    const written = await this.writer.close();
    const wholeObject = this.layout === OutputLayout.Object && this.part === undefined;
    return written === undefined && wholeObject ? this.pointer.key : undefined;
  }
}

/** Deletes the logs that {@link RecordLog.close} found stale, with one request. */
export async function deleteStaleLogs(
  s3: S3Client,
  bucket: string,
  keys: readonly (string | undefined)[],
): Promise<void> {
  const stale = keys.filter((key): key is string => key !== undefined);
  if (stale.length === 0) return;
  await s3.send(
    new DeleteObjectsCommand({
      Bucket: bucket,
      Delete: { Objects: stale.map((Key) => ({ Key })), Quiet: true },
    }),
  );
}
