import type { S3Client } from '@aws-sdk/client-s3';
import { partFileName } from '../s3-keys.js';
import { ContentDigest } from './content-digest.js';
import { type WriteRecordsOptions, type WriteSummary, writeJsonLines } from './jsonl-writer.js';
import type { S3Pointer } from './record-types.js';

/**
 * Streams records into a folder of part files (`{key}/part-00000.json`, `part-00001.json`, …),
 * starting a new part every `recordsPerPart` records, as a distributed writer would. The first
 * part is always written, so an empty output is an empty part, never a missing folder.
 */
export async function writeJsonLinesParts(
  s3: S3Client,
  folder: S3Pointer,
  records: AsyncIterable<unknown>,
  recordsPerPart: number,
  options: WriteRecordsOptions = {},
): Promise<WriteSummary & { parts: number }> {
  const source = lookahead(records[Symbol.asyncIterator]());
  const digest = new ContentDigest();
  const total = { records: 0, bytes: 0, parts: 0 };
  do {
    const key = `${folder.key}/${partFileName(total.parts)}`;
    const written = await writeJsonLines(
      s3,
      { bucket: folder.bucket, key },
      source.take(recordsPerPart),
      {
        ...options,
        removeStaleParts: false,
        digest,
      },
    );
    total.records += written.records;
    total.bytes += written.bytes;
    total.parts++;
  } while (!(await source.exhausted()));
  return { ...total, checksum: digest.value() };
}

/** An iterator that hands out slices of at most `n` records and can tell when it has ended. */
function lookahead(iterator: AsyncIterator<unknown>) {
  let peeked: IteratorResult<unknown> | undefined;
  const next = async () => {
    const result = peeked ?? (await iterator.next());
    peeked = undefined;
    return result;
  };
  return {
    async exhausted(): Promise<boolean> {
      peeked ??= await iterator.next();
      return peeked.done === true;
    },
    async *take(n: number): AsyncGenerator<unknown> {
      for (let taken = 0; taken < n; taken++) {
        const result = await next();
        if (result.done) {
          peeked = result;
          return;
        }
        yield result.value;
      }
    },
  };
}
