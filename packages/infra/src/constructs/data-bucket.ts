import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { assertKeyPrefix, assertWholeNumber } from '../props-validation.js';

const DEFAULTS = INFRA_DEFAULTS.dataBucket;
const SERVER_ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/** Props of {@link DataBucket}. */
export interface DataBucketProps {
  /** @default a name CloudFormation generates */
  readonly bucketName?: string;
  /** The key prefix the deployment uses; lifecycle rules apply below it. @default '' */
  readonly keyPrefix?: string;
  /** Days after which execution outputs (`executions/`) expire. @default 30 */
  readonly executionsExpirationDays?: number;
  /** @default false */
  readonly versioned?: boolean;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The data bucket: public access blocked, TLS enforced, encrypted (SSE-S3), server access logs
 * to a second bucket, and lifecycle rules that expire `executions/` outputs and clean up
 * abandoned multipart uploads.
 */
export class DataBucket extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps = {}) {
    super(scope, id);
    // Grant S3 log delivery through a bucket policy rather than the legacy ACL, whatever the app's flags.
    this.node.setContext(SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const keyPrefix = assertKeyPrefix(props.keyPrefix, 'DataBucketProps.keyPrefix');
    const expirationDays = assertWholeNumber(
      props.executionsExpirationDays ?? DEFAULTS.executionsExpirationDays,
      1,
      'DataBucketProps.executionsExpirationDays',
    );
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
    };
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      ...common,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(DEFAULTS.accessLogsExpirationDays) },
      ],
    });
    this.bucket = new Bucket(this, 'Bucket', {
      ...common,
      bucketName: props.bucketName,
      versioned: props.versioned ?? false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        {
          id: 'expire-execution-outputs',
          prefix: `${keyPrefix}executions/`,
          expiration: Duration.days(expirationDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
