import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** How to reach S3: AWS itself, or an S3-compatible endpoint such as the embedded server. */
export interface S3ConnectionOptions {
  /** An S3-compatible endpoint (embedded s3rver, MinIO, LocalStack). Omit for AWS. */
  readonly endpoint?: string;
  /** @default process.env.AWS_REGION, or 'us-east-1' for an endpoint */
  readonly region?: string;
  /** Static credentials, for local endpoints. Omit to use the standard AWS chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Extra SDK settings, applied last. */
  readonly clientConfig?: S3ClientConfig;
}

/**
 * The one place that builds S3 clients. For an S3-compatible endpoint it sets path-style
 * addressing and turns off the SDK's default request checksums: with them on, local servers
 * such as s3rver silently store a streamed PutObject in aws-chunked framing.
 */
export function createS3Client(options: S3ConnectionOptions = {}): S3Client {
  const { endpoint, region, credentials, clientConfig } = options;
  if (endpoint === undefined) {
    return new S3Client({ region, credentials, ...clientConfig });
  }
  return new S3Client({
    endpoint,
    region: region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...clientConfig,
  });
}
