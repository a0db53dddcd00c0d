import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';

/** Every page of a listing, as S3 would return them one after another. */
async function listAll(s3: TestS3, input: Omit<ListObjectsV2CommandInput, 'Bucket'>) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: TEST_BUCKET, ContinuationToken: token, ...input }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key as string));
    prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix as string));
    token = page.NextContinuationToken;
  } while (token);
  return { keys, prefixes };
}

describe('the embedded S3 server’s store', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
    for (const key of [
      'executions/a/ETLStage/output.json',
      'executions/a/ETLStage/rejects/part-00001.json',
      'executions/a-b/ETLStage/output.json',
      'executions/b/FilterStage/output.json',
      'executions/b/manifest.json',
      'incoming/dt=2026-03-01/_SUCCESS',
      'top.json',
    ])
      await s3.put(key, `${key}\n`);
  });
  afterAll(() => s3.stop());

  it('lists the keys under a prefix in S3’s byte order, across folders', async () => {
    // Act
    const { keys } = await listAll(s3, { Prefix: 'executions/a' });
    // Assert: `-` sorts before `/`, although the folder `a` is walked before `a-b`.
    expect(keys).toEqual([
      'executions/a-b/ETLStage/output.json',
      'executions/a/ETLStage/output.json',
      'executions/a/ETLStage/rejects/part-00001.json',
    ]);
  });

  it('names a common prefix whose folder holds only folders', async () => {
    // Act
    const { keys, prefixes } = await listAll(s3, { Prefix: 'executions/', Delimiter: '/' });
    // Assert
    expect(keys).toEqual([]);
    expect(prefixes).toEqual(['executions/a-b/', 'executions/a/', 'executions/b/']);
  });

  it('pages a listing with MaxKeys and StartAfter without losing or repeating a key', async () => {
    // Act
    const paged = await listAll(s3, { Prefix: '', MaxKeys: 2 });
    const after = await listAll(s3, { StartAfter: 'executions/b/manifest.json' });
    // Assert
    expect(paged.keys).toEqual((await listAll(s3, {})).keys);
    expect(paged.keys).toHaveLength(7);
    expect(after.keys).toEqual(['incoming/dt=2026-03-01/_SUCCESS', 'top.json']);
  });

  it('pages common prefixes once each, counting them against MaxKeys as S3 does', async () => {
    // Act
    const paged = await listAll(s3, { Delimiter: '/', MaxKeys: 1 });
    const nested = await listAll(s3, { Prefix: 'executions/', Delimiter: '/', MaxKeys: 2 });
    // Assert
    expect(paged).toEqual({ keys: ['top.json'], prefixes: ['executions/', 'incoming/'] });
    expect(nested.prefixes).toEqual(['executions/a-b/', 'executions/a/', 'executions/b/']);
  });

  it('refuses a continuation token it did not issue, as S3 does', async () => {
    // Act
    const listed = s3.client.send(
      new ListObjectsV2Command({ Bucket: TEST_BUCKET, ContinuationToken: 'not-a-token' }),
    );
    // Assert
    await expect(listed).rejects.toMatchObject({
      name: 'InvalidArgument',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('reads only the folders on the prefix’s path, however many executions are stored', async () => {
    // Arrange
    const readdir = jest.spyOn(fs, 'readdirSync');
    try {
      // Act
      const { keys } = await listAll(s3, { Prefix: 'executions/b/' });
      // Assert
      expect(keys).toEqual(['executions/b/FilterStage/output.json', 'executions/b/manifest.json']);
      const folders = readdir.mock.calls.map(([path]) => String(path).split(TEST_BUCKET)[1]);
      expect(folders).toEqual(['/executions/b/', '/executions/b/FilterStage/']);
    } finally {
      readdir.mockRestore();
    }
  });

  it('keeps small and streamed objects whole, with their metadata, ETag and ranges', async () => {
    // Arrange: one body under the size written in one call, one over it (streamed to disk).
    const small = Buffer.from('{"n":1}\n');
    const large = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
    await s3.client.send(
      new PutObjectCommand({
        Bucket: TEST_BUCKET,
        Key: 'objects/small.json',
        Body: small,
        ContentType: 'application/x-ndjson',
        Metadata: { records: '1' },
      }),
    );
    await new Upload({
      client: s3.client,
      params: { Bucket: TEST_BUCKET, Key: 'objects/large.bin', Body: large },
    }).done();
    await s3.client.send(
      new PutObjectCommand({ Bucket: TEST_BUCKET, Key: 'objects/large-one.bin', Body: large }),
    );
    // Act
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: 'objects/small.json' }),
    );
    const read = async (Key: string, Range?: string) => {
      const got = await s3.client.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key, Range }));
      return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    };
    // Assert
    expect(head).toMatchObject({
      ContentLength: small.length,
      ContentType: 'application/x-ndjson',
      Metadata: { records: '1' },
      ETag: `"${createHash('md5').update(small).digest('hex')}"`,
    });
    expect(await read('objects/small.json')).toEqual(small);
    expect(await read('objects/small.json', 'bytes=2-4')).toEqual(small.subarray(2, 5));
    expect((await read('objects/large.bin')).equals(large)).toBe(true);
    expect((await read('objects/large-one.bin')).equals(large)).toBe(true);
    expect(await read('objects/large-one.bin', 'bytes=3145728-')).toEqual(large.subarray(3145728));
  });

  it('gives a copy over an existing object the copied bytes’ ETag, with or without new metadata', async () => {
    // Arrange
    await s3.put('copies/source.json', '{"v":"new"}\n');
    await s3.put('copies/replaced.json', '{"v":"old, longer"}\n');
    await s3.put('copies/kept.json', '{"v":"old, longer"}\n');
    const md5 = `"${createHash('md5').update('{"v":"new"}\n').digest('hex')}"`;
    // Act
    const copy = (Key: string, replace: boolean) =>
      s3.client.send(
        new CopyObjectCommand({
          Bucket: TEST_BUCKET,
          Key,
          CopySource: `${TEST_BUCKET}/copies/source.json`,
          ...(replace && { MetadataDirective: 'REPLACE', ContentType: 'application/x-ndjson' }),
        }),
      );
    const replaced = await copy('copies/replaced.json', true);
    const kept = await copy('copies/kept.json', false);
    const head = (Key: string) =>
      s3.client.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key }));
    // Assert
    expect(replaced.CopyObjectResult?.ETag).toBe(md5);
    expect(kept.CopyObjectResult?.ETag).toBe(md5);
    expect(await head('copies/replaced.json')).toMatchObject({
      ETag: md5,
      ContentType: 'application/x-ndjson',
    });
    expect(await s3.getText('copies/kept.json')).toBe('{"v":"new"}\n');
  });
});
