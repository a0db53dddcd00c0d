import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CeapError, RetryableStageError, StageErrorName } from '../errors.js';
import type { S3Pointer } from './record-types.js';

/** The input of a read does not exist: neither an object nor a folder of parts. */
export class InputNotFoundError extends CeapError {
  constructor(readonly pointer: S3Pointer) {
    super(
      `input s3://${pointer.bucket}/${pointer.key} does not exist (no object and no part files under it)`,
    );
    this.name = 'InputNotFoundError';
  }
}

/** An object in a listing. */
export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
}

/** Every object under a prefix, in key order, one page at a time. */
export async function* listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): AsyncGenerator<ObjectSummary> {
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: prefix },
  )) {
    for (const item of page.Contents ?? []) {
      if (item.Key !== undefined) yield { key: item.Key, size: item.Size ?? 0 };
    }
  }
}

/** The marker a distributed writer (Spark, a Glue job) leaves once every part is in place. */
export const SUCCESS_MARKER = '_SUCCESS';

/**
 * Spark and Hadoop write markers and work folders beside their part files (`_SUCCESS`,
 * `.part-0.crc`, `x_$folder$`, `_temporary/0/…`); none of them is data.
 */
function isDataPart(path: string): boolean {
  return path
    .split('/')
    .every(
      (name) =>
        name !== '' && !name.startsWith('_') && !name.startsWith('.') && !name.endsWith('$folder$'),
    );
}

/** One object of an output, opened: its key and its body as a stream of byte chunks. */
export interface OpenedObject {
  readonly key: string;
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * Opens the objects that hold a pointer's records, in key order: the object at `key` (one GET,
 * the common case), or, when there is none because a distributed writer produced the output,
 * the part files under `key/` (a listing, then a GET per part as it is read).
 */
export async function* openRecordObjects(
  s3: S3Client,
  pointer: S3Pointer,
  requireSuccessMarker = false,
): AsyncGenerator<OpenedObject> {
  const single = await openObjectStream(s3, pointer.bucket, pointer.key).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  });
  if (single) {
    yield { key: pointer.key, body: single };
    return;
  }
  for (const key of await resolveRecordObjects(s3, pointer, requireSuccessMarker)) {
    yield { key, body: await openObjectStream(s3, pointer.bucket, key) };
  }
}

/**
 * Resolves a pointer to the objects that hold its records: the object at `key` itself, or,
 * when a distributed writer produced the output, the part files under `key/` in key order.
 * With `requireSuccessMarker`, a folder without its `_SUCCESS` marker is not complete yet.
 */
export async function resolveRecordObjects(
  s3: S3Client,
  pointer: S3Pointer,
  requireSuccessMarker = false,
): Promise<string[]> {
  const parts: string[] = [];
  const folder = `${pointer.key}/`;
  let marked = false;
  for await (const object of listObjects(s3, pointer.bucket, pointer.key)) {
    if (object.key === pointer.key) return [pointer.key];
    if (!object.key.startsWith(folder)) continue;
    const below = object.key.slice(folder.length);
    if (below === SUCCESS_MARKER) marked = true;
    else if (isDataPart(below)) parts.push(object.key);
  }
  if (parts.length === 0 && !marked) throw new InputNotFoundError(pointer);
  if (requireSuccessMarker && !marked) throw new IncompleteOutputError(pointer);
  return parts.sort();
}

/** A folder output whose writer has not left its `_SUCCESS` marker: it may still be writing. */
export class IncompleteOutputError extends RetryableStageError {
  constructor(readonly pointer: S3Pointer) {
    super(
      `input s3://${pointer.bucket}/${pointer.key}/ has no ${SUCCESS_MARKER} marker: its writer has not finished`,
    );
    this.name = StageErrorName.Retryable;
  }
}

/** The body of one object as a stream of byte chunks. */
export async function openObjectStream(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<AsyncIterable<Uint8Array>> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (response.Body === undefined) throw new CeapError(`s3://${bucket}/${key} returned no body`);
  return response.Body as AsyncIterable<Uint8Array>;
}

/** The ETag of the object at a pointer's key; undefined when there is none (a folder, or nothing). */
export async function objectETag(s3: S3Client, pointer: S3Pointer): Promise<string | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
    return head.ETag ?? '';
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * A server-side copy: no bytes pass through the caller. With `ifMatch`, S3 copies only the
 * version with that ETag, so what is copied is what the caller read.
 */
export async function copyObject(
  s3: S3Client,
  from: S3Pointer,
  to: S3Pointer,
  ifMatch?: string,
): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: to.bucket,
      Key: to.key,
      CopySource: `${from.bucket}/${encodeURIComponent(from.key).replace(/%2F/g, '/')}`,
      ...(ifMatch ? { CopySourceIfMatch: ifMatch } : {}),
    }),
  );
}

/** Deletes every object under a prefix; used to clear stale part files before a rewrite. */
export async function deleteObjectsUnder(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<number> {
  let batch: { Key: string }[] = [];
  let deleted = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
    );
    deleted += batch.length;
    batch = [];
  };
  for await (const object of listObjects(s3, bucket, prefix)) {
    batch.push({ Key: object.key });
    if (batch.length === 1000) await flush();
  }
  await flush();
  return deleted;
}

/** Creates a bucket, or does nothing when it is already there. */
export async function createBucketIfMissing(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}
