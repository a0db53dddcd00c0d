import type { GlueJobSpec } from '@ceap/glue-jobs';
import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnJob, CfnSecurityConfiguration } from 'aws-cdk-lib/aws-glue';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag, wildcardResourceFinding } from '../nag-acknowledgements.js';
import { assertKeyPrefix, assertNonEmpty, assertWholeNumber } from '../props-validation.js';
import { EXECUTIONS_FOLDER, grantDataAccess } from './data-access.js';

/** Props of {@link HeavyEtlGlueJob}. */
export interface HeavyEtlGlueJobProps {
  /**
   * The job spec, e.g. `heavyEtlJobSpec({ prefix })` from `@ceap/glue-jobs`. Its
   * `securityConfiguration` is replaced by the one this construct creates.
   */
  readonly spec: GlueJobSpec;
  /** The script file, uploaded as an S3 asset. @default spec.assets.script */
  readonly scriptPath?: string;
  /**
   * A folder of pure Python the script imports, zipped as an asset and passed with
   * `--extra-py-files`. @default spec.assets.pythonModules (none if unset)
   */
  readonly pythonDir?: string;
  /** Paths (globs) left out of the `pythonDir` zip. @default [] */
  readonly pythonExclude?: readonly string[];
  /**
   * Files for `--extra-files`, each uploaded as an asset. Glue copies an asset into the working
   * directory under its asset name (`<hash>.csv`), so each is also passed by that name in
   * `--extraFileNames` (comma-separated, same order). @default spec.assets.extraFiles
   */
  readonly extraFiles?: readonly string[];
  /** The bucket the job reads and writes, only below `executions/`. */
  readonly dataBucket: IBucket;
  /** @default '' */
  readonly keyPrefix?: string;
  /** What happens to the job's KMS key when the stack goes. @default RemovalPolicy.DESTROY */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

const WORKER_MINIMUMS: Readonly<Record<string, number>> = {
  'G.1X': 2,
  'G.2X': 2,
  'G.4X': 2,
  'G.8X': 2,
  'G.025X': 2,
};

/**
 * The heavy-ETL Glue (Spark) job: its script and Python core as S3 assets, a role that may read
 * only those assets and `executions/*` in the data bucket, and a security configuration that
 * encrypts its logs and bookmarks with its own KMS key.
 */
export class HeavyEtlGlueJob extends Construct {
  public readonly job: CfnJob;
  public readonly role: Role;
  public readonly scriptAsset: Asset;
  public readonly pythonAsset?: Asset;
  public readonly extraFileAssets: readonly Asset[];
  public readonly encryptionKey: Key;
  public readonly securityConfiguration: CfnSecurityConfiguration;
  /** The job's name, for `definitionSubstitutions` and IAM. */
  public readonly jobName: string;
  /** `arn:…:glue:region:account:job/name`. */
  public readonly jobArn: string;

  constructor(scope: Construct, id: string, props: HeavyEtlGlueJobProps) {
    super(scope, id);
    const spec = props.spec;
    this.jobName = assertNonEmpty(spec.name, 'HeavyEtlGlueJobProps.spec.name');
    validateSpec(spec);
    const scriptPath = assertNonEmpty(
      props.scriptPath ?? spec.assets?.script,
      'HeavyEtlGlueJobProps.scriptPath',
    );
    const pythonDir = props.pythonDir ?? spec.assets?.pythonModules;
    const extraFiles = props.extraFiles ?? spec.assets?.extraFiles ?? [];
    const keyPrefix = assertKeyPrefix(props.keyPrefix, 'HeavyEtlGlueJobProps.keyPrefix');
    const stack = Stack.of(this);
    this.jobArn = stack.formatArn({ service: 'glue', resource: 'job', resourceName: this.jobName });

    this.scriptAsset = new Asset(this, 'Script', { path: scriptPath });
    this.pythonAsset = pythonDir
      ? new Asset(this, 'PythonCore', {
          path: pythonDir,
          exclude: [...(props.pythonExclude ?? [])],
        })
      : undefined;
    this.extraFileAssets = extraFiles.map(
      (path, index) => new Asset(this, `ExtraFile${index}`, { path }),
    );

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('glue.amazonaws.com'),
      description: `ceap Glue job ${this.jobName}: its assets, its logs and executions/* of the data bucket`,
    });
    grantDataAccess(this, this.role, props.dataBucket, {
      keyPrefix,
      readWrite: [EXECUTIONS_FOLDER],
      readOnly: [],
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadJobAssets',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [this.scriptAsset, this.pythonAsset, ...this.extraFileAssets]
          .filter((asset): asset is Asset => asset !== undefined)
          .map((asset) => `arn:${Aws.PARTITION}:s3:::${asset.s3BucketName}/${asset.s3ObjectKey}`),
      }),
    );
    // Spark's S3 committer asks where the bucket lives.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'LocateDataBucket',
        actions: ['s3:GetBucketLocation'],
        resources: [props.dataBucket.bucketArn],
      }),
    );
    const glueLogGroups = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws-glue/*`;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteGlueLogs',
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:AssociateKmsKey',
        ],
        resources: [glueLogGroups],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PutGlueMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
      }),
    );

    this.encryptionKey = new Key(this, 'Key', {
      description: `ceap Glue job ${this.jobName}: CloudWatch logs and job bookmarks`,
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.encryptionKey.grant(
      this.role,
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'kms:DescribeKey',
    );
    this.encryptionKey.addToResourcePolicy(
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
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': glueLogGroups } },
      }),
    );
    this.securityConfiguration = new CfnSecurityConfiguration(this, 'SecurityConfiguration', {
      name: `${this.jobName}-security`,
      encryptionConfiguration: {
        cloudWatchEncryption: {
          cloudWatchEncryptionMode: 'SSE-KMS',
          kmsKeyArn: this.encryptionKey.keyArn,
        },
        jobBookmarksEncryption: {
          jobBookmarksEncryptionMode: 'CSE-KMS',
          kmsKeyArn: this.encryptionKey.keyArn,
        },
        s3Encryptions: [{ s3EncryptionMode: 'SSE-S3' }],
      },
    });

    this.job = new CfnJob(this, 'Job', {
      name: this.jobName,
      description: spec.description ?? 'ceap heavy ETL (Spark)',
      role: this.role.roleArn,
      command: {
        name: spec.jobType,
        pythonVersion: spec.pythonVersion ?? '3',
        scriptLocation: this.scriptAsset.s3ObjectUrl,
      },
      glueVersion: spec.glueVersion,
      workerType: spec.workerType,
      numberOfWorkers: spec.numberOfWorkers,
      timeout: spec.timeoutMinutes,
      maxRetries: spec.maxRetries,
      executionProperty: {
        maxConcurrentRuns: spec.maxConcurrentRuns ?? INFRA_DEFAULTS.glueJob.maxConcurrentRuns,
      },
      securityConfiguration: this.securityConfiguration.ref,
      defaultArguments: {
        '--enable-continuous-cloudwatch-log': 'true',
        '--enable-metrics': 'true',
        ...spec.defaultArguments,
        ...(this.pythonAsset && { '--extra-py-files': this.pythonAsset.s3ObjectUrl }),
        ...(this.extraFileAssets.length > 0 && {
          '--extra-files': this.extraFileAssets.map((asset) => asset.s3ObjectUrl).join(','),
          '--extraFileNames': this.extraFileAssets
            .map((asset) => asset.s3ObjectKey.split('/').pop())
            .join(','),
        }),
      },
    });

    acknowledgeNag(
      this,
      'IAM5',
      'Glue names its log groups and streams at run time under /aws-glue/; the role may write only there.',
      wildcardResourceFinding(this, glueLogGroups),
    );
    acknowledgeNag(
      this,
      'IAM5',
      'cloudwatch:PutMetricData supports no resource-level permissions; the statement is limited to the Glue namespace by condition.',
      'Resource::*',
    );
  }
}

function validateSpec(spec: GlueJobSpec): void {
  const at = 'HeavyEtlGlueJobProps.spec';
  const version = Number.parseFloat(spec.glueVersion);
  if (!(version >= 4)) {
    throw new InfraPropsError(
      `${at}.glueVersion must be "4.0" or later, got ${JSON.stringify(spec.glueVersion)}`,
    );
  }
  if (spec.jobType !== 'glueetl') {
    throw new InfraPropsError(
      `${at}.jobType must be "glueetl" (a Spark job), got ${JSON.stringify(spec.jobType)}`,
    );
  }
  const minimum = spec.workerType === undefined ? undefined : WORKER_MINIMUMS[spec.workerType];
  if (minimum === undefined) {
    throw new InfraPropsError(
      `${at}.workerType must be one of ${Object.keys(WORKER_MINIMUMS).join(', ')}, got ${JSON.stringify(spec.workerType)}`,
    );
  }
  assertWholeNumber(
    spec.numberOfWorkers,
    minimum,
    `${at}.numberOfWorkers`,
    ` for ${spec.workerType}`,
  );
  assertWholeNumber(spec.timeoutMinutes, 1, `${at}.timeoutMinutes`);
  assertWholeNumber(spec.maxRetries, 0, `${at}.maxRetries`);
}
