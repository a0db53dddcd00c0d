import { createHash } from 'node:crypto';
import { type RecordReject, readJsonLines, writeJsonLines } from '../../src/index.js';
import {
  collect,
  parseLines,
  startTestS3,
  TEST_BUCKET,
  type TestS3,
} from '../helpers/embedded-s3.js';

async function* recordsFrom<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('writeJsonLines against the embedded S3 server', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('writes records as JSON Lines and counts records, bytes and their checksum', async () => {
    // Arrange
    const records = [{ id: 1, name: 'Zoë' }, { id: 2 }];
    // Act
    const summary = await writeJsonLines(
      s3.client,
      { bucket: TEST_BUCKET, key: 'w/a.json' },
      recordsFrom(records),
    );
    // Assert
    const text = await s3.getText('w/a.json');
    expect(text).toBe('{"id":1,"name":"Zoë"}\n{"id":2}\n');
    expect(summary).toEqual({ records: 2, bytes: Buffer.byteLength(text), checksum: sha256(text) });
  });

  it('writes an empty object for no records', async () => {
    // Arrange / Act
    const summary = await writeJsonLines(
      s3.client,
      { bucket: TEST_BUCKET, key: 'w/empty.json' },
      recordsFrom([]),
    );
    // Assert
    expect(summary).toEqual({ records: 0, bytes: 0, checksum: sha256('') });
    expect(await s3.getText('w/empty.json')).toBe('');
  });

  it('uses multipart upload past one part and stores plain bytes, not aws-chunked framing', async () => {
    // Arrange
    const count = 30_000;
    const rows = Array.from({ length: count }, (_, i) => ({ i, pad: 'p'.repeat(200) }));
    // Act
    const summary = await writeJsonLines(
      s3.client,
      { bucket: TEST_BUCKET, key: 'w/multi.json' },
      recordsFrom(rows),
      {
        partSize: 5 * 1024 * 1024,
      },
    );
    // Assert
    expect(summary.bytes).toBeGreaterThan(5 * 1024 * 1024);
    const text = await s3.getText('w/multi.json');
    expect(text.startsWith('{"i":0,')).toBe(true);
    expect(parseLines(text)).toHaveLength(count);
  });

  it('sends a record that cannot be serialized to rejects instead of failing', async () => {
    // Arrange
    const cyclic: Record<string, unknown> = { id: 'c' };
    cyclic.self = cyclic;
    const rejects: RecordReject[] = [];
    // Act
    const summary = await writeJsonLines(
      s3.client,
      { bucket: TEST_BUCKET, key: 'w/cyclic.json' },
      recordsFrom<unknown>([{ id: 1 }, cyclic, { big: 10n }, 'not an object', { id: 2 }]),
      { onReject: (r) => rejects.push(r) },
    );
    // Assert
    expect(summary.records).toBe(2);
    expect(rejects.map((r) => r.reason)).toEqual([
      'unserializable',
      'unserializable',
      'unserializable',
    ]);
    expect(parseLines(await s3.getText('w/cyclic.json'))).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('fails the write, and leaves no object, when the source throws', async () => {
    // Arrange
    async function* failing() {
      yield { id: 1 };
      throw new Error('source broke');
    }
    // Act
    const attempt = writeJsonLines(
      s3.client,
      { bucket: TEST_BUCKET, key: 'w/failed.json' },
      failing(),
    );
    // Assert
    await expect(attempt).rejects.toThrow('source broke');
    expect(await s3.exists('w/failed.json')).toBe(false);
  });

  it('removes stale part files so a rewrite replaces a distributed output', async () => {
    // Arrange
    await s3.put('w/parts.json/part-00000.json', '{"stale":true}\n');
    // Act
    await writeJsonLines(
      s3.client,
      { bucket: TEST_BUCKET, key: 'w/parts.json' },
      recordsFrom([{ fresh: true }]),
    );
    // Assert
    expect(await s3.exists('w/parts.json/part-00000.json')).toBe(false);
    const records = await collect(
      readJsonLines(
        s3.client,
        { bucket: TEST_BUCKET, key: 'w/parts.json' },
        { onReject: () => {} },
      ),
    );
    expect(records).toEqual([{ fresh: true }]);
  });
});
