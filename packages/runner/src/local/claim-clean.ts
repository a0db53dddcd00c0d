import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DataLocation } from '@ceap/core';
import { claimsPrefix } from '../client/claim-check.js';
import type { ExecutionIndex, ExecutionRecord } from '../index-store/execution-index.js';

/** A claim-checked input's records in the data bucket, with its size. */
export interface ClaimObject {
  readonly key: string;
  readonly size: number;
}

/**
 * The claims (`incoming/claims/`) no kept execution points to any more. A claim holds the
 * records of a large input, personal data among them, and several executions of the same
 * records share one, so it may go only once none of them is left. A claim written after
 * `since` (a start racing the clean) is never taken.
 */
export async function unreferencedClaims(
  s3: S3Client,
  location: DataLocation,
  index: ExecutionIndex,
  kept: readonly ExecutionRecord[],
  since: Date,
): Promise<ClaimObject[]> {
  const referenced = new Set<string>();
  for (const record of kept) {
    const key = await claimKeyOf(index.inputPathOf(record.executionId));
    if (key !== undefined) referenced.add(key);
  }
  const claims: ClaimObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: location.bucket,
        Prefix: claimsPrefix(location.keyPrefix),
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const fresh = (object.LastModified?.getTime() ?? 0) >= since.getTime();
      if (object.Key && !fresh && !referenced.has(object.Key)) {
        claims.push({ key: object.Key, size: object.Size ?? 0 });
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return claims;
}

/** The claim an input copy points to (`{ source: { key } }` under `incoming/claims/`). */
async function claimKeyOf(inputFile: string): Promise<string | undefined> {
  try {
    const input = JSON.parse(await readFile(inputFile, 'utf8')) as { source?: { key?: unknown } };
    const key = input?.source?.key;
    return typeof key === 'string' && key.includes('incoming/claims/') ? key : undefined;
  } catch {
    // No copy (a run from before claims), or one cut short: it points to no claim.
    return undefined;
  }
}
