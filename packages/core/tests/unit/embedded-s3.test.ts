import { ListBucketsCommand } from '@aws-sdk/client-s3';
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
});
