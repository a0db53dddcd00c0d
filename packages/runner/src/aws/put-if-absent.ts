import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** S3's answers to a conditional write whose key is taken (or being taken) by another writer. */
const TAKEN = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

/**
 * Writes an object only if none has its key: S3's conditional write, `If-None-Match: *`, which
 * AWS answers with 412 when the key exists. Returns false when it does. The embedded S3
 * server (s3rver) ignores If-None-Match on PUT, so the key is looked up first (HEAD): that is
 * what refuses a taken key there, and what tests exercise; on AWS the condition also settles a
 * race between two writers that both found the key free.
 */
export async function putIfAbsent(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string,
  contentType = 'application/json',
): Promise<boolean> {
  if (await exists(s3, bucket, key)) return false;
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        IfNoneMatch: '*',
      }),
    );
    return true;
  } catch (error) {
    if (TAKEN.has((error as { name?: string }).name ?? '')) return false;
    throw error;
  }
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return false;
    throw error;
  }
}
