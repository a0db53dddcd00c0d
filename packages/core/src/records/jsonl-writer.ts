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
  /** Parts uploaded at once; each is held in memory until stored. @default 2 */
  readonly queueSize?: number;
  /** Remove part files an earlier folder write left under `{key}/`. @default true */
  readonly removeStaleParts?: boolean;
  /** A digest that goes on across several writes (the parts of one output). @default a new one */
  readonly digest?: ContentDigest;
}

/** Lines are gathered into chunks of this size, so the stream moves few large buffers. */
const CHUNK_BYTES = 256 * 1024;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/**
 * The upload of an object written beside a stage's output (its rejects, filtered records,
 * side outputs): S3's smallest part, one at a time. Such objects are small or written while
 * the output's own upload holds its parts, and each part held is memory held: at 1 GB through
 * FilterStage, filtered.json's parts were most of what it held beyond ETLStage.
 */
export const SIDE_OBJECT_UPLOAD = { partSize: 5 * 1024 * 1024, queueSize: 1 } as const;
const OPEN_BRACE = 0x7b;

/**
 * Streams records to one S3 object as JSON Lines through a multipart upload, so memory holds a
 * few parts at most, not the dataset. Part files left under `key/` by an earlier distributed
 * write are removed afterwards, so readers see exactly this write.
 */
export function writeJsonLines(
  s3: S3Client,
  pointer: S3Pointer,
  records: AsyncIterable<unknown>,
  options: WriteRecordsOptions = {},
): Promise<WriteSummary> {
  return upload(s3, pointer, options, (encoder) => serialize(records, encoder));
}

/**
 * {@link writeJsonLines} for records that come in arrays (a decoded chunk, a queue's backlog):
 * one await per array rather than per record, which is most of a fast stage's overhead.
 */
export function writeJsonLineBatches(
  s3: S3Client,
  pointer: S3Pointer,
  batches: AsyncIterable<readonly unknown[]>,
  options: WriteRecordsOptions = {},
): Promise<WriteSummary> {
  return upload(s3, pointer, options, (encoder) => serializeBatches(batches, encoder));
}

async function upload(
  s3: S3Client,
  pointer: S3Pointer,
  options: WriteRecordsOptions,
  chunks: (encoder: LineEncoder) => AsyncIterable<Buffer>,
): Promise<WriteSummary> {
  const digest = options.digest ?? new ContentDigest();
  const bytesBefore = digest.bytes;
  const encoder = new LineEncoder(digest, options.onReject);
  const body = Readable.from(chunks(encoder), { objectMode: false });
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: pointer.bucket,
      Key: pointer.key,
      Body: body,
      ContentType: 'application/x-ndjson',
    },
    partSize: options.partSize ?? DEFAULT_PART_SIZE,
    queueSize: options.queueSize ?? 2,
    leavePartsOnError: false,
  });
  await upload.done();
  if (options.removeStaleParts !== false) {
    await deleteObjectsUnder(s3, pointer.bucket, `${pointer.key}/`);
  }
  return {
    records: encoder.records,
    bytes: digest.bytes - bytesBefore,
    checksum: digest.value(),
  };
}

async function* serialize(
  records: AsyncIterable<unknown>,
  encoder: LineEncoder,
): AsyncGenerator<Buffer> {
  for await (const record of records) {
    if (encoder.add(record)) yield encoder.take();
  }
  if (encoder.pending) yield encoder.take();
}

async function* serializeBatches(
  batches: AsyncIterable<readonly unknown[]>,
  encoder: LineEncoder,
): AsyncGenerator<Buffer> {
  for await (const batch of batches) {
    for (const record of batch) {
      if (encoder.add(record)) yield encoder.take();
    }
  }
  if (encoder.pending) yield encoder.take();
}

/**
 * Turns records into JSON Lines gathered in chunks of about {@link CHUNK_BYTES}, each hashed
 * once as the bytes that are stored; a record that is not a JSON object is rejected.
 */
class LineEncoder {
  records = 0;
  private lines: string[] = [];
  private length = 0;

  constructor(
    private readonly digest: ContentDigest,
    private readonly onReject: RejectSink | undefined,
  ) {}

  get pending(): boolean {
    return this.lines.length > 0;
  }

  /** Adds a record; true once a chunk is full and should be taken. */
  add(record: unknown): boolean {
    let json: string | undefined;
    try {
      json = JSON.stringify(record);
    } catch (error) {
      rejectOrThrow(this.onReject, (error as Error).message);
      return false;
    }
    if (json === undefined || json.charCodeAt(0) !== OPEN_BRACE) {
      rejectOrThrow(
        this.onReject,
        `expected a JSON object, got ${json === undefined ? typeof record : json.slice(0, 40)}`,
      );
      return false;
    }
    this.lines.push(json);
    this.length += json.length + 1;
    this.records++;
    return this.length >= CHUNK_BYTES;
  }

  /** The lines so far as one chunk of bytes, hashed. */
  take(): Buffer {
    this.lines.push('');
    const chunk = Buffer.from(this.lines.join('\n'), 'utf8');
    this.digest.update(chunk);
    this.lines = [];
    this.length = 0;
    return chunk;
  }
}

function rejectOrThrow(onReject: RejectSink | undefined, message: string): void {
  if (!onReject) throw new TypeError(`record cannot be written as JSON Lines: ${message}`);
  onReject({ reason: 'unserializable', message });
}
