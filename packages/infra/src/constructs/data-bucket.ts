import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';
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
  /**
   * Keep previous versions of overwritten and deleted objects. Every stage's role may delete
   * below `executions/`, so without versions one faulty stage could erase any execution's data.
   * @default true
   */
  readonly versioned?: boolean;
  /**
   * Days a previous version is kept before it expires (only with `versioned`).
   * @default 7
   */
  readonly noncurrentVersionExpirationDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Send the bucket's events to EventBridge, which a workflow's `objectCreated` trigger needs.
   * @default false
   */
  readonly eventBridge?: boolean;
}

/**
 * The data bucket: public access blocked, TLS enforced, encrypted (SSE-S3), versioned, server
 * access logs to a second bucket, and lifecycle rules that expire `executions/` outputs and
 * previous versions and clean up abandoned multipart uploads.
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
    const versioning = checkVersioning(props);
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
      // Versioned because every stage's role may s3:DeleteObject (and overwrite) anything below
      // executions/, of any execution: a faulty or misled stage would otherwise destroy data
      // for good. A delete only adds a delete marker, and the previous version stays restorable
      // for noncurrentVersionExpirationDays.
      versioned: versioning.versioned,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'data/',
      eventBridgeEnabled: props.eventBridge ?? false,
      lifecycleRules: [
        // Current versions only: the noncurrent ones expire by the bucket-wide rule below, since
        // for overlapping rules S3 applies the shortest and would shorten the recovery window.
        {
          id: 'expire-execution-outputs',
          prefix: `${keyPrefix}executions/`,
          expiration: Duration.days(expirationDays),
        },
        ...(versioning.versioned
          ? [
              {
                id: 'expire-previous-versions',
                noncurrentVersionExpiration: Duration.days(versioning.noncurrentDays),
                expiredObjectDeleteMarker: true,
              },
            ]
          : []),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    if (props.eventBridge) acknowledgeNotificationsHandler(this);
  }
}

/** Versioning and how long previous versions are kept; days without versioning are refused. */
function checkVersioning(props: DataBucketProps): { versioned: boolean; noncurrentDays: number } {
  const versioned = props.versioned ?? DEFAULTS.versioned;
  if (typeof versioned !== 'boolean') {
    throw new InfraPropsError(
      `DataBucketProps.versioned must be true or false, got ${JSON.stringify(versioned)}`,
    );
  }
  if (!versioned && props.noncurrentVersionExpirationDays !== undefined) {
    throw new InfraPropsError(
      'DataBucketProps.noncurrentVersionExpirationDays is set, but versioned is false: an unversioned bucket keeps no previous versions',
    );
  }
  const noncurrentDays = assertWholeNumber(
    props.noncurrentVersionExpirationDays ?? DEFAULTS.noncurrentVersionExpirationDays,
    1,
    'DataBucketProps.noncurrentVersionExpirationDays',
  );
  return { versioned, noncurrentDays };
}

/**
 * `eventBridgeEnabled` is set through the stack's BucketNotificationsHandler, a function CDK
 * adds and runs only while deploying; its role carries AWS's basic execution policy.
 */
function acknowledgeNotificationsHandler(scope: Construct): void {
  const handler = Stack.of(scope).node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (handler === undefined) return;
  acknowledgeNag(
    handler,
    'IAM4',
    "CDK's BucketNotificationsHandler sets the bucket's EventBridge notification while deploying; AWSLambdaBasicExecutionRole only lets it write its own logs.",
    'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  );
}
