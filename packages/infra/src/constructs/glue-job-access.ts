import { GLUE_LOG_ROOT } from '@ceap/core';
import { Aws, type RemovalPolicy } from 'aws-cdk-lib';
import { CfnSecurityConfiguration } from 'aws-cdk-lib/aws-glue';
import { Effect, type IRole, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import { acknowledgeNag, wildcardResourceFinding } from '../nag-acknowledgements.js';
import { EXECUTIONS_FOLDER, grantDataAccess } from './data-access.js';

/** The log groups Glue writes to: below `/aws-glue/`, named from the job's settings. */
const GLUE_LOG_GROUPS = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${GLUE_LOG_ROOT}*`;

/** What a Glue job's role may use: its data, its own assets, its logs and its metrics. */
export interface GlueJobGrants {
  readonly dataBucket: IBucket;
  readonly keyPrefix: string;
  readonly assets: readonly Asset[];
}

/**
 * Grants a Glue job's role `executions/*` of the data bucket, read access to exactly its own
 * assets, the bucket's location (Spark's S3 committer asks), its `/aws-glue/` log groups, and
 * metrics in the Glue namespace. The wildcards those need are acknowledged for cdk-nag.
 */
export function grantGlueJobRole(scope: Construct, role: IRole, grants: GlueJobGrants): void {
  grantDataAccess(scope, role, grants.dataBucket, {
    keyPrefix: grants.keyPrefix,
    readWrite: [EXECUTIONS_FOLDER],
    readOnly: [],
  });
  const statements = [
    new PolicyStatement({
      sid: 'ReadJobAssets',
      effect: Effect.ALLOW,
      actions: ['s3:GetObject'],
      resources: grants.assets.map(
        (asset) => `arn:${Aws.PARTITION}:s3:::${asset.s3BucketName}/${asset.s3ObjectKey}`,
      ),
    }),
    new PolicyStatement({
      sid: 'LocateDataBucket',
      actions: ['s3:GetBucketLocation'],
      resources: [grants.dataBucket.bucketArn],
    }),
    new PolicyStatement({
      sid: 'WriteGlueLogs',
      actions: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:AssociateKmsKey',
      ],
      resources: [GLUE_LOG_GROUPS],
    }),
    new PolicyStatement({
      sid: 'PutGlueMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
    }),
  ];
  for (const statement of statements) role.addToPrincipalPolicy(statement);
  acknowledgeNag(
    scope,
    'IAM5',
    "Glue names the job's log groups from its security configuration and role (HeavyEtlGlueJob creates them first, with a retention) and their streams after each run's id, all below /aws-glue/; the role may write logs only there.",
    wildcardResourceFinding(scope, GLUE_LOG_GROUPS),
  );
  acknowledgeNag(
    scope,
    'IAM5',
    'cloudwatch:PutMetricData supports no resource-level permissions; the statement is limited to the Glue namespace by condition.',
    'Resource::*',
  );
}

/** A Glue job's own KMS key and the security configuration that encrypts with it. */
export interface GlueJobEncryption {
  readonly key: Key;
  readonly securityConfiguration: CfnSecurityConfiguration;
}

/**
 * A KMS key (rotated) that the job's role and CloudWatch Logs (for `/aws-glue/` only) may use,
 * and a security configuration that encrypts the job's logs and bookmarks with it, and its S3
 * output with SSE-S3.
 */
export function createGlueJobEncryption(
  scope: Construct,
  role: IRole,
  jobName: string,
  removalPolicy: RemovalPolicy,
): GlueJobEncryption {
  const key = new Key(scope, 'Key', {
    description: `ceap Glue job ${jobName}: CloudWatch logs and job bookmarks`,
    enableKeyRotation: true,
    removalPolicy,
  });
  key.grant(role, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsForGlue',
      principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:DescribeKey',
      ],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': GLUE_LOG_GROUPS } },
    }),
  );
  const securityConfiguration = new CfnSecurityConfiguration(scope, 'SecurityConfiguration', {
    name: `${jobName}-security`,
    encryptionConfiguration: {
      cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: key.keyArn },
      s3Encryptions: [{ s3EncryptionMode: 'SSE-S3' }],
    },
  });
  return { key, securityConfiguration };
}
