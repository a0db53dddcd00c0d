import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type EmbeddedS3, startEmbeddedS3 } from '../embedded-s3/embedded-s3-server.js';
import { readJsonLines } from '../records/jsonl-reader.js';
import { writeJsonLines } from '../records/jsonl-writer.js';
import type { JsonRecord } from '../records/record-types.js';
import { listObjects } from '../records/s3-objects.js';

/** An embedded S3 server in a temporary folder, with one bucket and the calls tests make. */
export interface ScratchS3 extends EmbeddedS3 {
  readonly bucket: string;
  put(key: string, body: string | Uint8Array): Promise<void>;
  getText(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** Keys under a prefix, in key order. */
  keys(prefix: string): Promise<string[]>;
  putRecords(key: string, records: readonly JsonRecord[]): Promise<void>;
  /** The records at a key (object or part folder); a line that is not a record throws. */
  readRecords(key: string): Promise<JsonRecord[]>;
}

/**
 * Starts the embedded S3 server on 127.0.0.1 on a free port, in a temporary folder that
 * `stop()` removes. For tests of stages, here and in other teams' pipelines.
 *
 * @example
 * let s3: ScratchS3;
 * beforeAll(async () => { s3 = await startScratchS3(); });
 * afterAll(() => s3.stop());
 */
export async function startScratchS3(options: { bucket?: string } = {}): Promise<ScratchS3> {
  const bucket = options.bucket ?? 'ceap-test';
  const directory = mkdtempSync(join(tmpdir(), 'ceap-s3-'));
  const server = await startEmbeddedS3({ directory, buckets: [bucket] });
  const { client } = server;
  return {
    ...server,
    bucket,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
    put: async (key, body) => {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
    },
    getText: async (key) => {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await response.Body?.transformToString('utf8')) ?? '';
    },
    exists: async (key) => {
      try {
        await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return false;
        throw error;
      }
    },
    keys: async (prefix) => {
      const keys: string[] = [];
      for await (const object of listObjects(client, bucket, prefix)) keys.push(object.key);
      return keys;
    },
    putRecords: async (key, records) => {
      await writeJsonLines(client, { bucket, key }, fromArray(records));
    },
    readRecords: async (key) => {
      const onReject = (reject: unknown) => {
        throw new Error(`unexpected bad line in ${key}: ${JSON.stringify(reject)}`);
      };
      return collect(readJsonLines(client, { bucket, key }, { onReject }));
    },
  };
}

/** Parses JSON Lines text into objects, skipping blank lines. */
export function parseJsonLinesText(text: string): JsonRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JsonRecord);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
