import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** How to reach S3: AWS itself, or an S3-compatible endpoint such as the embedded server. */
export interface S3ConnectionOptions {
  /** An S3-compatible endpoint (embedded s3rver, MinIO, LocalStack). Omit for AWS. */
  readonly endpoint?: string;
  /** @default process.env.AWS_REGION, or 'us-east-1' for an endpoint */
  readonly region?: string;
  /** Static credentials, for local endpoints. Omit to use the standard AWS chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** @default S3_TIMEOUTS */
  readonly timeouts?: {
    readonly connectionTimeoutMs: number;
    readonly socketIdleTimeoutMs: number;
  };
  /** Extra SDK settings, applied last. */
  readonly clientConfig?: S3ClientConfig;
}

/**
 * How long a connection may take to open, and a socket may sit silent mid-request, before the
 * SDK gives up and retries: a stalled endpoint must not hold a stage until its task times out.
 */
export const S3_TIMEOUTS = { connectionTimeoutMs: 5_000, socketIdleTimeoutMs: 30_000 } as const;

/**
 * The one place that builds S3 clients. For an S3-compatible endpoint it sets path-style
 * addressing and turns off the SDK's default request checksums: with them on, local servers
 * such as s3rver silently store a streamed PutObject in aws-chunked framing.
 */
export function createS3Client(options: S3ConnectionOptions = {}): S3Client {
  const { endpoint, region, credentials, clientConfig } = options;
  const timeouts = options.timeouts ?? S3_TIMEOUTS;
  const requestHandler = {
    connectionTimeout: timeouts.connectionTimeoutMs,
    socketTimeout: timeouts.socketIdleTimeoutMs,
  };
  if (endpoint === undefined) {
    return new S3Client({ region, credentials, requestHandler, ...clientConfig });
  }
  return new S3Client({
    requestHandler,
    endpoint,
    region: region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...clientConfig,
  });
}
