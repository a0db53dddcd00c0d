import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FilesystemStore, WriteSummary } from './filesystem-store.js';
import { storedMetadata } from './stored-metadata.js';

/**
 * A body up to this size is collected in memory and written with synchronous calls: on this
 * kind of machine each asynchronous file call costs a hop through libuv's thread pool, and
 * s3rver's PUT made about a dozen of them in a row (4.5 ms for a one-line object, against
 * 1 ms for the same request to a server that stores nothing). Larger bodies are streamed.
 */
export const SMALL_OBJECT_BYTES = 1024 * 1024;

/**
 * Replaces s3rver 3.7's writes. Its store piped an upload into a file stream with no error
 * handler and answered once the upload was read, not written: a full disk (ENOSPC) crashed
 * the whole process, and a PUT could be acknowledged before its bytes were on disk. These
 * writes finish before the answer and turn a failed one into a failed request (s3rver answers
 * 500, which the SDK retries), removing the partial file.
 */
export function replaceStoreWrites(store: FilesystemStore): void {
  store.putMetadata = async function putMetadata(this: FilesystemStore, bucket, key, meta, md5) {
    writeMetadataSync(this, bucket, key, meta, md5);
  };
  store.putObject = async function putObject(this: FilesystemStore, object) {
    const path = this.getResourcePath(object.bucket, object.key, 'object');
    const written = await writeContent(path, object.content);
    writeMetadataSync(this, object.bucket, object.key, object.metadata, written.md5);
    return written;
  };
  store.putPart = async function putPart(this: FilesystemStore, bucket, uploadId, part, content) {
    const path = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(part));
    const written = await writeContent(path, content);
    writeFileSync(`${path}.md5`, written.md5);
    return written;
  };
}

function writeMetadataSync(
  store: FilesystemStore,
  bucket: string,
  key: string,
  metadata: Record<string, unknown>,
  md5: string | undefined,
): void {
  if (md5) writeFileSync(store.getResourcePath(bucket, key, 'object.md5'), md5);
  writeFileSync(
    store.getResourcePath(bucket, key, 'metadata.json'),
    JSON.stringify(storedMetadata(metadata), null, 2),
  );
}

async function writeContent(path: string, content: Buffer | Readable): Promise<WriteSummary> {
  const body = Buffer.isBuffer(content) ? { small: content } : await readUpTo(content);
  if ('small' in body) return writeSmall(path, body.small);
  return writeStream(path, body.large);
}

/** The whole body if it is small, or a stream that replays what was read and then the rest. */
async function readUpTo(content: Readable): Promise<{ small: Buffer } | { large: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = content[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { small: Buffer.concat(chunks, size) };
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
    if (size > SMALL_OBJECT_BYTES) break;
  }
  async function* replay() {
    yield* chunks;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  }
  return { large: Readable.from(replay(), { objectMode: false }) };
}

function writeSmall(path: string, body: Buffer): WriteSummary {
  try {
    writeFileSync(path, body);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw removePartial(path, error);
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, body);
    } catch (retryError) {
      throw removePartial(path, retryError);
    }
  }
  return { size: body.length, md5: createHash('md5').update(body).digest('hex') };
}

function removePartial(path: string, error: unknown): unknown {
  try {
    rmSync(path, { force: true });
  } catch {
    // A folder in the object's place (EISDIR) stays; the write's own error is the one to report.
  }
  return error;
}

async function writeStream(path: string, content: Readable): Promise<WriteSummary> {
  await mkdir(dirname(path), { recursive: true });
  const md5 = createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(content, measure, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { size, md5: md5.digest('hex') };
}
