import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The part of s3rver's file-system store whose writes are replaced. */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<WriteSummary>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<WriteSummary>;
}

interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly metadata: unknown;
  readonly content: Buffer | Readable;
}

interface WriteSummary {
  readonly size: number;
  readonly md5: string;
}

/**
 * s3rver 3.7's store pipes an upload into a file stream with no error handler and answers
 * once the upload was read, not written: a full disk (ENOSPC) crashed the whole process, and a
 * PUT could be acknowledged before its bytes were on disk. These writes wait for the file and
 * turn a failed one into a failed request (s3rver answers 500, which the SDK retries), removing
 * the partial file.
 */
export function makeStoreWritesDurable(store: FilesystemStore): void {
  store.putObject = async function putObject(this: FilesystemStore, object) {
    const path = this.getResourcePath(object.bucket, object.key, 'object');
    const written = await writeContent(path, object.content);
    await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
    return written;
  };
  store.putPart = async function putPart(this: FilesystemStore, bucket, uploadId, part, content) {
    const path = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(part));
    const written = await writeContent(path, content);
    await writeFile(`${path}.md5`, written.md5);
    return written;
  };
}

async function writeContent(path: string, content: Buffer | Readable): Promise<WriteSummary> {
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
  const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
  try {
    await pipeline(source, measure, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { size, md5: md5.digest('hex') };
}
