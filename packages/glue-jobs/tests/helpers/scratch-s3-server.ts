/**
 * The embedded S3 server for the Python tests, which have no S3 server of their own:
 * `python/tests/scratch_s3.py` starts this file with node and talks S3 to it over loopback.
 *
 * It prints `{"endpoint","bucket"}` as its first line on stdout. Then each stdin line
 * `{"executionId","keyPrefix"}` is answered with one line, core's `readManifest` of that
 * execution (`null` before any entry), so Python checks its entries the way every reader
 * assembles them. When stdin ends, the server stops, its folder is removed and the process
 * exits.
 */
import { createInterface } from 'node:readline';
import { readManifest } from '@ceap/core';
import { startScratchS3 } from '@ceap/core/testing';

async function serve(): Promise<void> {
  const s3 = await startScratchS3({ bucket: 'ceap-test' });
  try {
    process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint, bucket: s3.bucket })}\n`);
    for await (const line of createInterface({ input: process.stdin })) {
      if (line.trim() === '') continue;
      const { executionId, keyPrefix } = JSON.parse(line) as {
        executionId: string;
        keyPrefix?: string;
      };
      const manifest = await readManifest(s3.client, s3.bucket, executionId, keyPrefix);
      process.stdout.write(`${JSON.stringify(manifest ?? null)}\n`);
    }
  } finally {
    await s3.stop();
  }
}

serve().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
