import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ByteRange, FilesystemStore, ObjectMetadata } from './filesystem-store.js';
import { SMALL_OBJECT_BYTES } from './store-writes.js';

// s3rver ships no types for its models.
const S3Object = require('s3rver/lib/models/object') as new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: ObjectMetadata,
) => { range?: { start: number; end: number } };

/**
 * Replaces s3rver 3.7's reads of an object and its metadata with synchronous calls, and reads
 * a small object whole: the asynchronous ones cost a hop through libuv's thread pool each, and
 * a GET made five of them in a row. Large objects are still streamed from disk.
 */
export function replaceStoreReads(store: FilesystemStore): void {
  store.getMetadata = async function getMetadata(this: FilesystemStore, bucket, key) {
    return readMetadataSync(this, bucket, key);
  };
  store.getObject = async function getObject(this: FilesystemStore, bucket, key, options) {
    let metadata: ObjectMetadata;
    try {
      metadata = readMetadataSync(this, bucket, key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const size = metadata['content-length'];
    const lastByte = Math.max(0, size - 1);
    const range = { start: options?.start ?? 0, end: Math.min(options?.end || Infinity, lastByte) };
    const ranged = options !== undefined && (options.start !== undefined || !!options.end);
    const satisfiable = range.start >= 0 && range.end >= range.start;
    const path = this.getResourcePath(bucket, key, 'object');
    const content = satisfiable ? openContent(path, size, range) : null;
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = range;
    return object;
  };
}

function openContent(path: string, size: number, range: Required<ByteRange>): Readable {
  if (size > SMALL_OBJECT_BYTES) return createReadStream(path, range);
  const whole = readFileSync(path);
  return Readable.from([whole.subarray(range.start, range.end + 1)]);
}

function readMetadataSync(store: FilesystemStore, bucket: string, key: string): ObjectMetadata {
  const objectPath = store.getResourcePath(bucket, key, 'object');
  // Throws ENOENT when the object does not exist, which s3rver's callers expect.
  const stat = statSync(objectPath);
  const stored = readOptional(store.getResourcePath(bucket, key, 'metadata.json'));
  const md5 = objectMd5(objectPath);
  return {
    ...(stored === undefined ? {} : JSON.parse(stored)),
    etag: JSON.stringify(md5),
    'last-modified': stat.mtime.toUTCString(),
    'content-length': stat.size,
  };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** An object's MD5, from its `.md5` file. */
export function objectMd5(objectPath: string): string {
  return readOptional(`${objectPath}.md5`) ?? writeMissingMd5(objectPath);
}

/** An object written by another tool has no `.md5` file yet; s3rver creates it on first read. */
function writeMissingMd5(objectPath: string): string {
  const md5 = createHash('md5').update(readFileSync(objectPath)).digest('hex');
  writeFileSync(`${objectPath}.md5`, md5);
  return md5;
}
