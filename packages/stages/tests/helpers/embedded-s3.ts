import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';

export const TEST_BUCKET = 'ceap-stages-test';

/** A running embedded S3 server in a temporary folder, and what tests do with it. */
export interface TestS3 extends EmbeddedS3 {
  put(key: string, body: string | Uint8Array): Promise<void>;
  getText(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
}

/** Starts s3rver on 127.0.0.1 on a free port; `stop()` also removes its folder. */
export async function startTestS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-stages-s3-'));
  const server = await startEmbeddedS3({ directory, buckets: [TEST_BUCKET] });
  const { client } = server;
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
    put: async (key, body) => {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      await client.send(new PutObjectCommand({ Bucket: TEST_BUCKET, Key: key, Body: bytes }));
    },
    getText: async (key) => {
      const response = await client.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
      return (await response.Body?.transformToString('utf8')) ?? '';
    },
    exists: async (key) => {
      try {
        await client.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return false;
        throw error;
      }
    },
  };
}

/** Parses JSON Lines text into objects. */
export function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
