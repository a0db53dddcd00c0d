import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { normalizeKeyPrefix } from '@ceap/core';

/**
 * Every key under `{keyPrefix}{prefix}` of `bucket`, in key order, page by page: what a
 * workflow's `objectCreated` trigger sees in its data bucket.
 */
export async function listObjectKeys(
  s3: S3Client,
  bucket: string,
  keyPrefix: string | undefined,
  prefix: string,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: `${normalizeKeyPrefix(keyPrefix)}${prefix}`,
        ...(token && { ContinuationToken: token }),
      }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
