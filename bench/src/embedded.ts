import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';

/**
 * Runs `fn` against a fresh embedded S3 server with one bucket, then stops and removes it.
 * `fn` also gets the server's folder.
 */
export async function withEmbeddedS3<T>(
  bucket: string,
  fn: (s3: EmbeddedS3, directory: string) => Promise<T>,
): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-bench-'));
  const s3 = await startEmbeddedS3({ directory, buckets: [bucket] });
  try {
    return await fn(s3, directory);
  } finally {
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A candidate record of the shape the shipped stages read. */
export function candidate(i: number): Record<string, unknown> {
  return {
    customerId: `C${String(i).padStart(7, '0')}`,
    email: `user${i}@example.com`,
    optIn: i % 3 !== 0,
    country: 'GB',
    updatedAt: '2026-11-20T10:00:00.000Z',
    lastActivityAt: '2026-11-18T08:30:00.000Z',
    orderCount: i % 17,
    totalSpend: (i % 1000) * 1.25,
    sessions30d: i % 40,
  };
}

export async function* candidates(count: number): AsyncGenerator<Record<string, unknown>> {
  for (let i = 0; i < count; i++) yield candidate(i);
}
