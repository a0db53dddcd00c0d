import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  createLogger,
  type JsonRecord,
  listObjects,
  readJsonLines,
  writeJsonLines,
} from '@ceap/core';
import { type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';

export const TEST_BUCKET = 'ceap-test';

/** A logger that writes nothing, so test output stays readable. */
export const silentLogger = createLogger({ level: 'silent' });

/** A running embedded S3 server in a temporary folder, and what tests do with it. */
export interface TestS3 extends EmbeddedS3 {
  putText(key: string, body: string): Promise<void>;
  putRecords(key: string, records: readonly JsonRecord[]): Promise<void>;
  readRecords(key: string): Promise<JsonRecord[]>;
  keys(prefix: string): Promise<string[]>;
}

/** Starts s3rver on 127.0.0.1 on a free port; `stop()` also removes its folder. */
export async function startTestS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-glue-s3-'));
  const server = await startEmbeddedS3({ directory, buckets: [TEST_BUCKET] });
  const { client } = server;
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
    putText: async (key, body) => {
      const bytes = Buffer.from(body, 'utf8');
      await client.send(
        new PutObjectCommand({
          Bucket: TEST_BUCKET,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
        }),
      );
    },
    putRecords: async (key, records) => {
      await writeJsonLines(client, { bucket: TEST_BUCKET, key }, toAsync(records));
    },
    readRecords: async (key) => {
      const records: JsonRecord[] = [];
      const onReject = (reject: unknown) => {
        throw new Error(`unexpected bad line in ${key}: ${JSON.stringify(reject)}`);
      };
      for await (const record of readJsonLines(
        client,
        { bucket: TEST_BUCKET, key },
        { onReject },
      )) {
        records.push(record);
      }
      return records;
    },
    keys: async (prefix) => {
      const keys: string[] = [];
      for await (const object of listObjects(client, TEST_BUCKET, prefix)) keys.push(object.key);
      return keys;
    },
  };
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
