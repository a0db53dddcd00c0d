import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';

export const TEST_BUCKET = 'ceap-runner-test';

export interface TestS3 extends EmbeddedS3 {
  getText(key: string): Promise<string>;
}

/** s3rver on 127.0.0.1, a free port and a temporary folder; `stop()` removes the folder. */
export async function startTestS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-runner-s3-'));
  const server = await startEmbeddedS3({ directory, buckets: [TEST_BUCKET] });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
    getText: async (key) => {
      const response = await server.client.send(
        new GetObjectCommand({ Bucket: TEST_BUCKET, Key: key }),
      );
      return (await response.Body?.transformToString('utf8')) ?? '';
    },
  };
}

export function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
