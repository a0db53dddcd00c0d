import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ContentDigest, type ContentSummary } from './content-digest.js';
import type { RejectSink, S3Pointer } from './record-types.js';
import { deleteObjectsUnder } from './s3-objects.js';

/** Counts of what a write stored, and the checksum readers verify. */
export type WriteSummary = ContentSummary;

export interface WriteRecordsOptions {
  /** Receives a record that cannot be serialized (a BigInt, a cycle), instead of failing. */
  readonly onReject?: RejectSink;
  /** Multipart part size. @default 8 MiB */
  readonly partSize?: number;
  /** Remove part files an earlier folder write left under `{key}/`. @default true */
  readonly removeStaleParts?: boolean;
  /** A digest that goes on across several writes (the parts of one output). @default a new one */
  readonly digest?: ContentDigest;
}

/** Lines are gathered into chunks of this size, so the stream moves few large buffers. */
const CHUNK_BYTES = 256 * 1024;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const OPEN_BRACE = 0x7b;

/**
 * Streams records to one S3 object as JSON Lines through a multipart upload, so memory holds a
 * few parts at most, not the dataset. Part files left under `key/` by an earlier distributed
 * write are removed afterwards, so readers see exactly this write.
 */
export async function writeJsonLines(
  s3: S3Client,
  pointer: S3Pointer,
  records: AsyncIterable<unknown>,
  options: WriteRecordsOptions = {},
): Promise<WriteSummary> {
  const counts = { records: 0 };
  const digest = options.digest ?? new ContentDigest();
  const bytesBefore = digest.bytes;
  const body = Readable.from(serialize(records, counts, digest, options.onReject), {
    objectMode: false,
  });
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: pointer.bucket,
      Key: pointer.key,
      Body: body,
      ContentType: 'application/x-ndjson',
    },
    partSize: options.partSize ?? DEFAULT_PART_SIZE,
    queueSize: 2,
    leavePartsOnError: false,
  });
  await upload.done();
  if (options.removeStaleParts !== false) {
    await deleteObjectsUnder(s3, pointer.bucket, `${pointer.key}/`);
  }
  return { records: counts.records, bytes: digest.bytes - bytesBefore, checksum: digest.value() };
}

async function* serialize(
  records: AsyncIterable<unknown>,
  counts: { records: number },
  digest: ContentDigest,
  onReject: RejectSink | undefined,
): AsyncGenerator<Buffer> {
  let lines: string[] = [];
  let pendingLength = 0;
  for await (const record of records) {
    let json: string | undefined;
    try {
      json = JSON.stringify(record);
    } catch (error) {
      rejectOrThrow(onReject, (error as Error).message);
      continue;
    }
    if (json === undefined || json.charCodeAt(0) !== OPEN_BRACE) {
      rejectOrThrow(
        onReject,
        `expected a JSON object, got ${json === undefined ? typeof record : json.slice(0, 40)}`,
      );
      continue;
    }
    const line = `${json}\n`;
    lines.push(line);
    pendingLength += line.length;
    counts.records++;
    if (pendingLength >= CHUNK_BYTES) {
      const chunk = Buffer.from(lines.join(''), 'utf8');
      digest.update(chunk);
      yield chunk;
      lines = [];
      pendingLength = 0;
    }
  }
  if (lines.length > 0) {
    const chunk = Buffer.from(lines.join(''), 'utf8');
    digest.update(chunk);
    yield chunk;
  }
}

function rejectOrThrow(onReject: RejectSink | undefined, message: string): void {
  if (!onReject) throw new TypeError(`record cannot be written as JSON Lines: ${message}`);
  onReject({ reason: 'unserializable', message });
}
