import { createServer, type Server, type Socket } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/index.js';
import { isTransientError } from '../../src/stage/error-classification.js';

describe('the S3 client against an endpoint that stalls', () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and reads requests, but never answers.
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives up on a silent socket with an error the stage runtime retries', async () => {
    // Arrange
    const s3 = createS3Client({
      endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      timeouts: { connectionTimeoutMs: 500, socketIdleTimeoutMs: 300 },
      clientConfig: { maxAttempts: 1 },
    });
    // Act
    const outcome = await s3
      .send(new GetObjectCommand({ Bucket: 'data', Key: 'stalled.json' }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    s3.destroy();
    // Assert
    expect(outcome).toBeInstanceOf(Error);
    expect(isTransientError(outcome)).toBe(true);
  });
});
