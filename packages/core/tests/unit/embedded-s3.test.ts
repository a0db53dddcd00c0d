import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmbeddedS3 } from '../../src/embedded-s3/embedded-s3-server.js';
import { createS3Client } from '../../src/s3-client.js';
import { startTestS3, TEST_BUCKET } from '../helpers/embedded-s3.js';

describe('embedded S3 server', () => {
  it('serves S3 on 127.0.0.1, keeps objects, and stops cleanly', async () => {
    // Arrange
    const s3 = await startTestS3();
    try {
      // Act
      await s3.put('a/b.json', '{"x":1}\n');
      const buckets = await s3.client.send(new ListBucketsCommand({}));
      // Assert
      expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(buckets.Buckets?.map((b) => b.Name)).toContain(TEST_BUCKET);
      expect(await s3.getText('a/b.json')).toBe('{"x":1}\n');
    } finally {
      await s3.stop();
      await s3.stop();
    }
  });

  it('answers a write the disk refuses with an error, and keeps serving', async () => {
    // Arrange: a folder where the object's file must go makes the write fail (EISDIR), as a
    // full disk (ENOSPC) does; s3rver itself left that error unhandled and the process died.
    const directory = mkdtempSync(join(tmpdir(), 'ceap-s3-refused-'));
    const s3 = await startEmbeddedS3({ directory, buckets: ['refused'] });
    mkdirSync(join(directory, 'refused', 'blocked.json._S3rver_object'), { recursive: true });
    const client = createS3Client({
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      region: 'us-east-1',
      clientConfig: { maxAttempts: 1 },
    });
    try {
      // Act
      const refused = client.send(
        new PutObjectCommand({ Bucket: 'refused', Key: 'blocked.json', Body: 'x\n' }),
      );
      // Assert
      await expect(refused).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
      await client.send(new PutObjectCommand({ Bucket: 'refused', Key: 'ok.json', Body: 'y\n' }));
      const buckets = await s3.client.send(new ListBucketsCommand({}));
      expect(buckets.Buckets?.map((b) => b.Name)).toContain('refused');
    } finally {
      client.destroy();
      await s3.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
