import { runStage } from '../../src/index.js';
import { startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';
import { evenStage, stageDeps } from '../helpers/test-stages.js';

describe('the S3 requests one stage run makes', () => {
  let s3: TestS3;
  const requests: string[] = [];
  beforeAll(async () => {
    s3 = await startTestS3();
    s3.client.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(context.commandName as string);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
  });
  afterAll(async () => {
    await s3.stop();
  });
  beforeEach(() => {
    requests.length = 0;
  });

  it('reads its input with one GET and writes no more than output, manifest and one delete of stale logs', async () => {
    // Arrange
    await s3.put('in/empty.json', '');
    requests.length = 0;
    // Act
    await runStage(
      evenStage,
      { executionId: 'requests-1', input: { bucket: TEST_BUCKET, key: 'in/empty.json' } },
      stageDeps(s3),
    );
    // Assert
    expect(requests.sort()).toEqual([
      'DeleteObjectsCommand',
      'GetObjectCommand',
      'PutObjectCommand',
      'PutObjectCommand',
    ]);
  });

  it('writes rejects only once a record is rejected', async () => {
    // Arrange
    await s3.put('in/one-bad.json', '{"n":"x"}\n');
    requests.length = 0;
    // Act
    await runStage(
      evenStage,
      { executionId: 'requests-2', input: { bucket: TEST_BUCKET, key: 'in/one-bad.json' } },
      stageDeps(s3),
    );
    // Assert
    expect(requests.filter((r) => r === 'PutObjectCommand')).toHaveLength(3);
    expect(requests).not.toContain('ListObjectsV2Command');
    // The rejects are written; only the empty filtered log's stale copy is deleted.
    expect(requests.filter((r) => r.startsWith('Delete'))).toEqual(['DeleteObjectsCommand']);
  });
});
